// A generated FastAPI service for the bench, shaped like the large real codebases the
// product is reviewed on (about 1,800 files, 15 MB, half with `async def`, 8-9 KB a file,
// a few imports of the same package each): per domain a SQLAlchemy model, Pydantic schemas,
// a repository, a service, a router, dependencies, background tasks, utilities and tests;
// shared settings, database and security modules. Deterministic (one seed, one output) and
// written at bench time into a temporary folder: none of it is committed. A few findings
// are sprinkled as real code has them: a sync helper that blocks called from an async
// route in another module (FPL108), `time.sleep`/`requests` in async code, unbounded list
// routes, Pydantic v1 idioms.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** A small seeded generator (mulberry32): the same seed gives the same corpus. */
function rng(seed: number): { int(n: number): number; pick<T>(xs: readonly T[]): T; chance(p: number): boolean } {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { int: (n) => Math.floor(next() * n), pick: (xs) => xs[Math.floor(next() * xs.length)], chance: (p) => next() < p };
}

const NOUNS = 'account invoice order item product customer payment refund subscription plan coupon shipment warehouse stock supplier vendor review rating comment ticket agent team member role permission token session device address region tax currency price discount cart wishlist category tag brand catalog report metric event webhook notification email template campaign audience segment lead deal pipeline task project sprint release build deploy artifact secret key quota usage limit alert incident oncall schedule shift payout ledger transfer balance statement budget forecast contract document file folder share link note board card label upload export import job worker queue'.split(' ');
const FIELDS = 'name title description status kind amount quantity price currency code slug email phone url notes priority score position external_id reference label color locale timezone source channel'.split(' ');
const TYPES: Array<[string, string, string]> = [
  ['str', 'String(255)', '""'],
  ['int', 'Integer', '0'],
  ['bool', 'Boolean', 'False'],
  ['float', 'Float', '0.0'],
  ['datetime', 'DateTime(timezone=True)', 'None'],
];

type Rand = ReturnType<typeof rng>;

const camel = (s: string): string => s.split('_').map((p) => p[0].toUpperCase() + p.slice(1)).join('');

function fieldsOf(r: Rand, n: number): Array<{ name: string; py: string; sql: string; def: string }> {
  const out: Array<{ name: string; py: string; sql: string; def: string }> = [];
  const used = new Set<string>();
  while (out.length < n) {
    const name = r.pick(FIELDS) + (r.chance(0.3) ? `_${r.pick(['at', 'id', 'count', 'text', 'value'])}` : '');
    if (used.has(name)) continue;
    used.add(name);
    const [py, sql, def] = r.pick(TYPES);
    out.push({ name, py, sql, def });
  }
  return out;
}

/** A docstring paragraph of plausible length (real modules are about a fifth prose). */
function doc(r: Rand, indent: string, subject: string): string {
  const words = 'the this a each when if request value record current stored returned given optional default caller database page result list filter update create delete ensure validate raise error field'.split(' ');
  const lines: string[] = [];
  const n = 4 + r.int(9);
  for (let i = 0; i < n; i++) {
    const w: string[] = [];
    for (let k = 0; k < 9 + r.int(7); k++) w.push(r.pick(words));
    lines.push(`${indent}${w.join(' ')}.`);
  }
  return `${indent}"""${camel(subject)}: ${lines.join('\n').trimStart()}\n${indent}"""\n`;
}

interface Domain {
  pkg: string;
  noun: string;
  Model: string;
  fields: ReturnType<typeof fieldsOf>;
  async: boolean;
}

function model(r: Rand, d: Domain, others: Domain[]): string {
  let s = `"""Database model for ${d.noun}."""\nfrom __future__ import annotations\n\nfrom datetime import datetime\n\nfrom sqlalchemy import Boolean, DateTime, Float, ForeignKey, Integer, String, func\nfrom sqlalchemy.orm import Mapped, mapped_column, relationship\n\nfrom app.core.db import Base\n\n\n`;
  for (let k = 0; k < 5 + r.int(5); k++) {
    const name = k === 0 ? d.Model : `${d.Model}${camel(r.pick(['history', 'audit', 'link', 'version', 'snapshot', 'setting', 'member']))}${k}`;
    s += `class ${name}(Base):\n${doc(r, '    ', name)}\n    __tablename__ = "${d.noun}_${k}"\n\n    id: Mapped[int] = mapped_column(Integer, primary_key=True)\n`;
    for (const f of fieldsOf(r, 10 + r.int(12))) s += `    ${f.name}: Mapped[${f.py} | None] = mapped_column(${f.sql}, nullable=True)\n`;
    if (others.length && r.chance(0.6)) s += `    owner_id: Mapped[int] = mapped_column(ForeignKey("${r.pick(others).noun}_0.id"))\n`;
    s += `    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())\n\n`;
    s += `    def __repr__(self) -> str:\n        return f"<${name} {self.id}>"\n\n`;
    if (d.async) s += `    async def load_related(self, session) -> list:\n        await session.refresh(self)\n        return []\n\n`;
    s += `    @property\n    def is_recent(self) -> bool:\n        return self.created_at is not None and (datetime.now(self.created_at.tzinfo) - self.created_at).days < 7\n\n\n`;
  }
  return s;
}

function schemas(r: Rand, d: Domain): string {
  const v1 = r.chance(0.08);
  let s = `"""Request and response schemas for ${d.noun}."""\nfrom datetime import datetime\nfrom typing import Optional\n\nfrom pydantic import BaseModel, ConfigDict, Field, ${v1 ? 'validator' : 'field_validator'}\n\n\n`;
  s += `class ${d.Model}Base(BaseModel):\n${doc(r, '    ', d.Model)}`;
  for (const f of d.fields) s += `    ${f.name}: Optional[${f.py}] = Field(default=None, description="The ${f.name.replace(/_/g, ' ')}")\n`;
  s += v1
    ? `\n    @validator("${d.fields[0].name}")\n    def check_${d.fields[0].name}(cls, v):\n        return v\n\n\n`
    : `\n    @field_validator("${d.fields[0].name}")\n    @classmethod\n    def check_${d.fields[0].name}(cls, v):\n        return v\n\n\n`;
  s += `class ${d.Model}Create(${d.Model}Base):\n    pass\n\n\nclass ${d.Model}Update(${d.Model}Base):\n    pass\n\n\n`;
  s += v1 ? `class ${d.Model}Read(${d.Model}Base):\n    id: int\n    created_at: datetime\n\n    class Config:\n        orm_mode = True\n\n\n` : `class ${d.Model}Read(${d.Model}Base):\n    model_config = ConfigDict(from_attributes=True)\n\n    id: int\n    created_at: datetime\n\n\n`;
  s += `class ${d.Model}Page(BaseModel):\n    items: list[${d.Model}Read]\n    total: int\n    skip: int = 0\n    limit: int = 100\n\n\n`;
  for (let k = 0; k < 4 + r.int(5); k++) {
    const name = `${d.Model}${camel(r.pick(['filter', 'summary', 'stats', 'bulk', 'export', 'event', 'patch']))}${k}`;
    s += `class ${name}(BaseModel):\n${doc(r, '    ', name)}`;
    for (const f of fieldsOf(r, 3 + r.int(6))) s += `    ${f.name}: ${f.py} | None = None\n`;
    s += '\n\n';
  }
  return s;
}

function repository(r: Rand, d: Domain): string {
  const A = d.async;
  let s = `"""Data access for ${d.noun}."""\nfrom collections.abc import Sequence\n\nfrom sqlalchemy import func, select\n${A ? 'from sqlalchemy.ext.asyncio import AsyncSession' : 'from sqlalchemy.orm import Session'}\n\nfrom app.${d.pkg}.models import ${d.Model}\nfrom app.${d.pkg}.schemas import ${d.Model}Create, ${d.Model}Update\n\n\n`;
  const aw = A ? 'await ' : '';
  const ad = A ? 'async ' : '';
  s += `class ${d.Model}Repository:\n${doc(r, '    ', `${d.Model}Repository`)}\n    def __init__(self, session: ${A ? 'AsyncSession' : 'Session'}) -> None:\n        self.session = session\n\n`;
  s += `    ${ad}def get(self, item_id: int) -> ${d.Model} | None:\n        return ${aw}self.session.get(${d.Model}, item_id)\n\n`;
  s += `    ${ad}def list(self, skip: int = 0, limit: int = 100) -> Sequence[${d.Model}]:\n        result = ${aw}self.session.execute(select(${d.Model}).offset(skip).limit(limit))\n        return result.scalars().all()\n\n`;
  s += `    ${ad}def count(self) -> int:\n        result = ${aw}self.session.execute(select(func.count()).select_from(${d.Model}))\n        return result.scalar_one()\n\n`;
  s += `    ${ad}def create(self, data: ${d.Model}Create) -> ${d.Model}:\n        obj = ${d.Model}(**data.model_dump())\n        self.session.add(obj)\n        ${aw}self.session.commit()\n        ${aw}self.session.refresh(obj)\n        return obj\n\n`;
  s += `    ${ad}def update(self, obj: ${d.Model}, data: ${d.Model}Update) -> ${d.Model}:\n        for key, value in data.model_dump(exclude_unset=True).items():\n            setattr(obj, key, value)\n        ${aw}self.session.commit()\n        return obj\n\n`;
  s += `    ${ad}def delete(self, obj: ${d.Model}) -> None:\n        ${aw}self.session.delete(obj)\n        ${aw}self.session.commit()\n\n`;
  for (const f of d.fields.slice(0, 2 + r.int(4))) {
    s += `    ${ad}def by_${f.name}(self, value, limit: int = 50) -> Sequence[${d.Model}]:\n${doc(r, '        ', `by ${f.name}`)}        stmt = select(${d.Model}).where(${d.Model}.${f.name} == value).limit(limit)\n        result = ${aw}self.session.execute(stmt)\n        return result.scalars().all()\n\n`;
  }
  return s;
}

function service(r: Rand, d: Domain, dep: Domain): string {
  const A = d.async;
  const aw = A ? 'await ' : '';
  const ad = A ? 'async ' : '';
  const v1 = r.chance(0.05);
  let s = `"""Business logic for ${d.noun}."""\nimport logging\nfrom datetime import datetime, timezone\n\nfrom app.core.errors import NotFoundError\nfrom app.${d.pkg}.repository import ${d.Model}Repository\nfrom app.${d.pkg}.schemas import ${d.Model}Create, ${d.Model}Read, ${d.Model}Update\nfrom app.${d.pkg} import utils\n`;
  if (dep !== d) s += `from app.${dep.pkg}.utils import normalize_${dep.noun}\n`;
  s += `\nlogger = logging.getLogger(__name__)\n\n\n`;
  s += `class ${d.Model}Service:\n${doc(r, '    ', `${d.Model}Service`)}\n    def __init__(self, repo: ${d.Model}Repository) -> None:\n        self.repo = repo\n\n`;
  s += `    ${ad}def get(self, item_id: int) -> ${d.Model}Read:\n        obj = ${aw}self.repo.get(item_id)\n        if obj is None:\n            raise NotFoundError("${d.noun}", item_id)\n        return ${d.Model}Read.model_validate(obj)\n\n`;
  s += `    ${ad}def list(self, skip: int, limit: int) -> list[${d.Model}Read]:\n        rows = ${aw}self.repo.list(skip=skip, limit=limit)\n        return [${d.Model}Read.model_validate(row) for row in rows]\n\n`;
  s += `    ${ad}def create(self, data: ${d.Model}Create) -> ${d.Model}Read:\n        data = utils.clean_${d.noun}(data)\n        obj = ${aw}self.repo.create(data)\n        logger.info("created ${d.noun} %s", obj.id)\n        return ${d.Model}Read.model_validate(obj)\n\n`;
  s += `    ${ad}def update(self, item_id: int, data: ${d.Model}Update) -> ${d.Model}Read:\n        obj = ${aw}self.repo.get(item_id)\n        if obj is None:\n            raise NotFoundError("${d.noun}", item_id)\n        obj = ${aw}self.repo.update(obj, data)\n        return ${d.Model}Read.model_validate(obj)\n\n`;
  for (let k = 0; k < 11 + r.int(10); k++) {
    const name = `${r.pick(['compute', 'refresh', 'reconcile', 'summarize', 'archive', 'merge', 'score'])}_${r.pick(FIELDS)}_${k}`;
    s += `    ${ad}def ${name}(self, item_id: int, *, force: bool = False) -> dict:\n${doc(r, '        ', name)}        obj = ${aw}self.get(item_id)\n        payload = obj.${v1 ? 'dict' : 'model_dump'}()\n        stamp = datetime.now(timezone.utc).isoformat()\n        if force or not payload.get("${d.fields[0].name}"):\n            payload["${d.fields[0].name}"] = utils.format_${d.noun}(payload)\n`;
    if (dep !== d) s += `        payload["related"] = normalize_${dep.noun}(payload.get("related"))\n`;
    s += `        payload["updated"] = stamp\n        return payload\n\n`;
  }
  return s;
}

function utils(r: Rand, d: Domain, blocking: boolean): string {
  let s = `"""Helpers for ${d.noun}."""\nimport hashlib\nimport re\n${blocking ? 'import requests\n' : ''}\nfrom app.core.settings import get_settings\n\n_SLUG = re.compile(r"[^a-z0-9]+")\n\n\n`;
  s += `def clean_${d.noun}(data):\n    return data\n\n\n`;
  if (d.async) s += `async def gather_${d.noun}(items, fetch) -> list:\n    return [await fetch(item) for item in items]\n\n\n`;
  s += `def format_${d.noun}(payload: dict) -> str:\n    parts = [str(payload.get(k, "")) for k in sorted(payload)]\n    return " ".join(p for p in parts if p)\n\n\n`;
  s += `def normalize_${d.noun}(value):\n    if value is None:\n        return None\n    return _SLUG.sub("-", str(value).lower()).strip("-")\n\n\n`;
  // The transitive case: a sync helper that blocks, called from async code elsewhere.
  s += blocking
    ? `def lookup_${d.noun}_remote(key: str) -> dict:\n    settings = get_settings()\n    response = requests.get(f"{settings.api_url}/${d.noun}/{key}", timeout=5)\n    return response.json()\n\n\n`
    : `def lookup_${d.noun}_remote(key: str) -> dict:\n    digest = hashlib.sha256(key.encode()).hexdigest()\n    return {"key": key, "digest": digest}\n\n\n`;
  for (let k = 0; k < 12 + r.int(10); k++) {
    const name = `${r.pick(['parse', 'render', 'split', 'merge', 'mask', 'hash', 'chunk'])}_${r.pick(FIELDS)}_${k}`;
    s += `def ${name}(value, *, sep: str = ",", limit: int = 100) -> list[str]:\n${doc(r, '    ', name)}    if not value:\n        return []\n    items = [part.strip() for part in str(value).split(sep)]\n    out = []\n    for item in items[:limit]:\n        if item and item not in out:\n            out.append(item)\n    return out\n\n\n`;
  }
  return s;
}

function dependencies(r: Rand, d: Domain): string {
  const A = d.async;
  return (
    `"""FastAPI dependencies for ${d.noun}."""\nfrom typing import Annotated\n\nfrom fastapi import Depends\n${A ? 'from sqlalchemy.ext.asyncio import AsyncSession' : 'from sqlalchemy.orm import Session'}\n\nfrom app.core.db import ${A ? 'get_async_session' : 'get_session'}\nfrom app.${d.pkg}.repository import ${d.Model}Repository\nfrom app.${d.pkg}.service import ${d.Model}Service\n\n\n` +
    `def get_${d.noun}_repository(session: Annotated[${A ? 'AsyncSession' : 'Session'}, Depends(${A ? 'get_async_session' : 'get_session'})]) -> ${d.Model}Repository:\n    return ${d.Model}Repository(session)\n\n\n` +
    `def get_${d.noun}_service(repo: Annotated[${d.Model}Repository, Depends(get_${d.noun}_repository)]) -> ${d.Model}Service:\n    return ${d.Model}Service(repo)\n\n\n` +
    `${d.Model}ServiceDep = Annotated[${d.Model}Service, Depends(get_${d.noun}_service)]\n` +
    (r.chance(0.5) ? `\n\ndef pagination(skip: int = 0, limit: int = 100) -> dict:\n    return {"skip": skip, "limit": min(limit, 1000)}\n` : '')
  );
}

function router(r: Rand, d: Domain, helper: Domain, blocking: { sleep: boolean; http: boolean; unbounded: boolean }): string {
  const A = d.async;
  const ad = A ? 'async ' : '';
  const aw = A ? 'await ' : '';
  let s = `"""HTTP routes for ${d.noun}."""\n${blocking.sleep ? 'import time\n' : ''}${blocking.http ? 'import requests\n' : ''}from fastapi import APIRouter, HTTPException, Query, status\n${blocking.unbounded ? `from sqlalchemy import select\n\nfrom app.${d.pkg}.models import ${d.Model}\n` : ''}\nfrom app.${d.pkg}.dependencies import ${d.Model}ServiceDep\nfrom app.${d.pkg}.schemas import ${d.Model}Create, ${d.Model}Read, ${d.Model}Update\nfrom app.${helper.pkg}.utils import lookup_${helper.noun}_remote\n\nrouter = APIRouter(prefix="/${d.noun}s", tags=["${d.noun}"])\n\n\n`;
  s += blocking.unbounded
    ? `@router.get("/", response_model=list[${d.Model}Read])\n${ad}def list_${d.noun}s(service: ${d.Model}ServiceDep):\n    rows = ${aw}service.repo.session.execute(select(${d.Model}))\n    return rows.scalars().all()\n\n\n`
    : `@router.get("/", response_model=list[${d.Model}Read])\n${ad}def list_${d.noun}s(service: ${d.Model}ServiceDep, skip: int = Query(0, ge=0), limit: int = Query(100, ge=1, le=1000)):\n    return ${aw}service.list(skip=skip, limit=limit)\n\n\n`;
  s += `@router.get("/{item_id}", response_model=${d.Model}Read)\n${ad}def get_${d.noun}(item_id: int, service: ${d.Model}ServiceDep):\n${blocking.sleep && A ? '    time.sleep(0.1)\n' : ''}    return ${aw}service.get(item_id)\n\n\n`;
  s += `@router.post("/", response_model=${d.Model}Read, status_code=status.HTTP_201_CREATED)\n${ad}def create_${d.noun}(body: ${d.Model}Create, service: ${d.Model}ServiceDep):\n    return ${aw}service.create(body)\n\n\n`;
  s += `@router.patch("/{item_id}", response_model=${d.Model}Read)\n${ad}def update_${d.noun}(item_id: int, body: ${d.Model}Update, service: ${d.Model}ServiceDep):\n    return ${aw}service.update(item_id, body)\n\n\n`;
  s += `@router.get("/{item_id}/remote")\n${ad}def remote_${d.noun}(item_id: int, service: ${d.Model}ServiceDep) -> dict:\n    item = ${aw}service.get(item_id)\n    data = lookup_${helper.noun}_remote(str(item.id))\n${blocking.http && A ? `    extra = requests.get("https://example.com/${d.noun}", timeout=5).json()\n    data.update(extra)\n` : ''}    return data\n\n\n`;
  s += `@router.get("/lookup/{key}")\n${ad}def lookup_${d.noun}(key: str) -> dict:\n    return lookup_${helper.noun}_remote(key)\n\n\n`;
  for (let k = 0; k < 9 + r.int(7); k++) {
    const verb = r.pick(['compute', 'refresh', 'reconcile', 'summarize', 'archive']);
    s += `@router.post("/{item_id}/${verb}-${k}")\n${ad}def ${verb}_${d.noun}_${k}(item_id: int, service: ${d.Model}ServiceDep, force: bool = False) -> dict:\n${doc(r, '    ', `${verb} ${d.noun}`)}    try:\n        item = ${aw}service.get(item_id)\n    except LookupError as exc:\n        raise HTTPException(status_code=404, detail=str(exc)) from exc\n    return {"id": item.id, "force": force}\n\n\n`;
  }
  return s;
}

/** Event handlers of a sub-package: they call the domain's service. */
function handlers(r: Rand, d: Domain, k: number): string {
  const ad = d.async ? 'async ' : '';
  const aw = d.async ? 'await ' : '';
  let s = `"""Event handlers for ${d.noun} (${k})."""\nimport logging\n\nfrom app.${d.pkg}.service import ${d.Model}Service\nfrom app.${d.pkg}.utils import format_${d.noun}\n\nlogger = logging.getLogger(__name__)\n\n\n`;
  for (let j = 0; j < 9 + r.int(8); j++) {
    const name = `on_${r.pick(['created', 'updated', 'deleted', 'archived', 'synced'])}_${r.pick(FIELDS)}_${j}`;
    s += `${ad}def ${name}(service: ${d.Model}Service, event: dict) -> dict | None:\n${doc(r, '    ', name)}    item_id = event.get("id")\n    if item_id is None:\n        logger.warning("event without id: %s", format_${d.noun}(event))\n        return None\n    item = ${aw}service.get(int(item_id))\n    return {"id": item.id, "kind": "${name}"}\n\n\n`;
  }
  return s;
}

function tasks(r: Rand, d: Domain): string {
  let s = `"""Background jobs for ${d.noun}."""\nimport asyncio\nimport logging\n\nfrom app.${d.pkg}.utils import format_${d.noun}\n\nlogger = logging.getLogger(__name__)\n\n\n`;
  for (let k = 0; k < 5 + r.int(5); k++) {
    s += `async def sync_${d.noun}_batch_${k}(ids: list[int], *, retries: int = 3) -> int:\n${doc(r, '    ', `sync batch ${k}`)}    done = 0\n    for attempt in range(retries):\n        try:\n            for item_id in ids:\n                logger.debug("syncing %s", format_${d.noun}({"id": item_id}))\n                done += 1\n            break\n        except Exception:\n            await asyncio.sleep(2**attempt)\n    return done\n\n\n`;
  }
  return s;
}

function test(r: Rand, d: Domain, n: number): string {
  let s = `"""Tests for ${d.noun} (${n})."""\nimport pytest\nfrom fastapi.testclient import TestClient\n\nfrom app.main import app\nfrom app.${d.pkg}.utils import format_${d.noun}, normalize_${d.noun}\n\nclient = TestClient(app)\n\n\n`;
  for (let k = 0; k < 14 + r.int(12); k++) {
    const f = r.pick(d.fields).name;
    s += `def test_${d.noun}_${f}_${k}():\n    response = client.post("/${d.noun}s/", json={"${f}": None})\n    assert response.status_code in (201, 422)\n    assert normalize_${d.noun}("A B") == "a-b"\n    assert isinstance(format_${d.noun}({"x": ${k}}), str)\n\n\n`;
  }
  if (d.async) s += `@pytest.mark.anyio\nasync def test_${d.noun}_async_${n}():\n    assert normalize_${d.noun}("x") == "x"\n\n\n`;
  s += `@pytest.mark.parametrize("value", [None, "", "x", "a,b"])\ndef test_${d.noun}_values(value):\n    assert normalize_${d.noun}(value) != "?"\n`;
  return s;
}

const CORE: Record<string, string> = {
  'app/__init__.py': '',
  'app/core/__init__.py': '',
  'app/core/settings.py': `from functools import lru_cache\n\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\n\nclass Settings(BaseSettings):\n    model_config = SettingsConfigDict(env_file=".env")\n\n    database_url: str = "postgresql+asyncpg://localhost/app"\n    api_url: str = "https://api.example.com"\n    secret_key: str = "change-me"\n    page_size: int = 100\n\n\n@lru_cache\ndef get_settings() -> Settings:\n    return Settings()\n`,
  'app/core/db.py': `from collections.abc import AsyncIterator, Iterator\n\nfrom sqlalchemy import create_engine\nfrom sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine\nfrom sqlalchemy.orm import DeclarativeBase, Session, sessionmaker\n\nfrom app.core.settings import get_settings\n\nengine = create_async_engine(get_settings().database_url, pool_pre_ping=True, pool_size=10)\nsync_engine = create_engine(get_settings().database_url.replace("+asyncpg", ""), pool_pre_ping=True)\nAsyncSessionLocal = async_sessionmaker(engine, expire_on_commit=False)\nSessionLocal = sessionmaker(sync_engine)\n\n\nclass Base(DeclarativeBase):\n    pass\n\n\nasync def get_async_session() -> AsyncIterator[AsyncSession]:\n    async with AsyncSessionLocal() as session:\n        yield session\n\n\ndef get_session() -> Iterator[Session]:\n    with SessionLocal() as session:\n        yield session\n`,
  'app/core/errors.py': `class NotFoundError(LookupError):\n    def __init__(self, kind: str, item_id: int) -> None:\n        super().__init__(f"{kind} {item_id} not found")\n        self.kind = kind\n        self.item_id = item_id\n`,
  'pyproject.toml': `[project]\nname = "generated-service"\nversion = "0.1.0"\ndependencies = ["fastapi>=0.115", "pydantic>=2.7", "pydantic-settings>=2", "sqlalchemy>=2.0", "requests>=2.31", "httpx>=0.27"]\n`,
};

/**
 * Writes the corpus into `dir` (emptied first). `domains` sets the size: 90 gives about
 * 1,800 files and 15 MB. Returns the files written, sorted.
 */
export function generateService(dir: string, seed = 20, domains = 90): string[] {
  rmSync(dir, { recursive: true, force: true });
  const r = rng(seed);
  const files = new Map<string, string>(Object.entries(CORE));
  const ds: Domain[] = [];
  for (let i = 0; i < domains; i++) {
    const noun = `${NOUNS[i % NOUNS.length]}${i >= NOUNS.length ? `_${Math.floor(i / NOUNS.length)}` : ''}`;
    // About half the domains are async end to end (async sessions, async routes).
    ds.push({ pkg: `${noun}s`, noun, Model: camel(noun), fields: fieldsOf(r, 6 + r.int(10)), async: i % 5 !== 0 });
  }
  const routers: string[] = [];
  ds.forEach((d, i) => {
    const p = `app/${d.pkg}`;
    const helper = ds[(i * 7 + 3) % ds.length];
    const others = ds.filter((_, k) => k !== i && k % 9 === i % 9).slice(0, 3);
    files.set(`${p}/__init__.py`, '');
    files.set(`${p}/models.py`, model(r, d, others));
    files.set(`${p}/schemas.py`, schemas(r, d));
    files.set(`${p}/repository.py`, repository(r, d));
    files.set(`${p}/service.py`, service(r, d, helper));
    // One helper in twelve blocks: its async callers in other packages get FPL108.
    files.set(`${p}/utils.py`, utils(r, d, i % 12 === 5));
    files.set(`${p}/dependencies.py`, dependencies(r, d));
    files.set(`${p}/router.py`, router(r, d, helper, { sleep: r.chance(0.03), http: r.chance(0.03), unbounded: r.chance(0.05) }));
    files.set(`${p}/tasks.py`, tasks(r, d));
    // Sub-packages of more models and schemas, as large services split them.
    for (let k = 0; k < 2; k++) {
      files.set(`${p}/extra_${k}/__init__.py`, '');
      files.set(`${p}/extra_${k}/models.py`, model(r, { ...d, Model: `${d.Model}X${k}`, noun: `${d.noun}_x${k}` }, others));
      files.set(`${p}/extra_${k}/schemas.py`, schemas(r, { ...d, Model: `${d.Model}X${k}` }));
      files.set(`${p}/extra_${k}/handlers.py`, handlers(r, d, k));
    }
    files.set(`tests/${d.pkg}/__init__.py`, '');
    for (let k = 0; k < 2; k++) files.set(`tests/${d.pkg}/test_${d.noun}_${k}.py`, test(r, d, k));
    routers.push(d.pkg);
  });
  files.set('tests/__init__.py', '');
  files.set(
    'app/main.py',
    `from fastapi import FastAPI\n\n${routers.map((p) => `from app.${p}.router import router as ${p}_router`).join('\n')}\n\napp = FastAPI(title="Generated service")\n${routers.map((p) => `app.include_router(${p}_router)`).join('\n')}\n`,
  );
  for (const [rel, text] of files) {
    const full = join(dir, rel);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text);
  }
  return [...files.keys()].filter((f) => f.endsWith('.py')).map((f) => join(dir, f)).sort();
}

if (require.main === module) {
  const dir = process.argv[2] ?? join(require('node:os').tmpdir(), 'fpl-bench-service');
  const files = generateService(dir);
  console.log(`${files.length} files in ${dir}`);
}
