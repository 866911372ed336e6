# fixture-versions: pydantic=2.11.7, fastapi=0.136.1
"""FPL406 fixtures: imports of pydantic.v1."""
# expect: FPL406
from pydantic.v1 import BaseModel as V1Model
# expect: FPL406
from pydantic.v1.fields import Field as V1Field
# expect: FPL406
import pydantic.v1
# expect: FPL406
import pydantic.v1 as pv1, json
# expect: FPL406
from pydantic import BaseModel, v1
# expect: FPL406
from pydantic import (
    v1 as legacy,
)

try:
    # expect: FPL406
    from pydantic.v1 import validator
except ImportError:
    # ok: FPL406
    from pydantic import validator

# ok: FPL406
from pydantic import BaseModel as Model, Field
# ok: FPL406
import pydantic
# ok: FPL406
from pydantic_v1_compat import helpers
# ok: FPL406
from .pydantic.v1 import vendored
# ok: FPL406
from mylib.pydantic.v1 import thing
# ok: FPL406
import pydantic_settings

# ok: FPL406
VERSION_NOTE = "from pydantic.v1 import BaseModel"


def lazy():
    # expect: FPL406
    from pydantic.v1 import parse_obj_as

    return parse_obj_as


class Holder:
    # expect: FPL406
    import pydantic.v1.main as v1_main


def uses_attribute():
    # ok: FPL406
    return pydantic.VERSION
