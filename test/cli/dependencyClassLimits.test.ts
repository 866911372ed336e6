// FPL301 through the built CLI: a `Depends()` class bounds a route by its `limit` field,
// never by its own name (the class lives in another module, read from its summary).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { project, run } from './harness';

const DEPS = `from dataclasses import dataclass

from fastapi import Query


@dataclass
class limit:
    order: str = "name"


@dataclass
class Window:
    offset: int = 0
    limit: int = Query(100, le=1000)

    def apply(self, stmt):
        return stmt.offset(self.offset).limit(self.limit)
`;

const ROUTES = `from fastapi import Depends, FastAPI
from sqlalchemy import select
from sqlalchemy.orm import Session

from .deps import Window, limit
from .models import Item

app = FastAPI()


def get_db():
    yield Session()


@app.get("/sorted")
def sorted_items(order: limit = Depends(), db: Session = Depends(get_db)):
    return db.scalars(select(Item).order_by(order.order)).all()


@app.get("/window")
def window(w: Window = Depends(), db: Session = Depends(get_db)):
    stmt = select(Item).order_by(Item.id)
    stmt = w.apply(stmt)
    return db.scalars(stmt).all()
`;

test('cli: a dependency class named `limit` does not bound a route; a `limit` field of one does', () => {
  const dir = project({ 'app/__init__.py': '', 'app/models.py': 'class Item:\n    pass\n', 'app/deps.py': DEPS, 'app/routes.py': ROUTES });
  const r = run(['check', '.', '--select', 'FPL301', '--format', 'json'], dir);
  const items = JSON.parse(r.stdout) as Array<{ code: string; filename: string; message: string; detail?: string; location: { row: number } }>;
  assert.deepEqual(
    items.map((i) => [i.filename.split(/[\\/]/).pop(), i.location.row, /`sorted_items`/.test(i.detail ?? '')]),
    [['routes.py', 16, true]],
    r.stdout + r.stderr,
  );
});
