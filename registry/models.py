"""Import every domain's models so that the metadata (and Alembic) sees all tables."""

from registry.audit import models as audit_models  # noqa: F401
from registry.auth import models as auth_models  # noqa: F401
from registry.directory import models as directory_models  # noqa: F401
from registry.notifications import models as notification_models  # noqa: F401
from registry.proposals import models as proposal_models  # noqa: F401
from registry.reviews import models as review_models  # noqa: F401
from registry.rules import models as rule_models  # noqa: F401
from registry.search import models as search_models  # noqa: F401
from registry.tasks import models as task_models  # noqa: F401
from registry.tokens import models as token_models  # noqa: F401
from registry.webhooks import models as webhook_models  # noqa: F401
