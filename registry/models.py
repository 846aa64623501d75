"""Import every domain's models so that the metadata (and Alembic) sees all tables."""

from registry.acknowledgements import models as acknowledgement_models  # noqa: F401
from registry.audit import models as audit_models  # noqa: F401
from registry.auth import models as auth_models  # noqa: F401
from registry.cleanup import models as cleanup_models  # noqa: F401
from registry.directory import models as directory_models  # noqa: F401
from registry.links import models as link_models  # noqa: F401
from registry.notifications import models as notification_models  # noqa: F401
from registry.procedures import models as procedure_models  # noqa: F401
from registry.proposals import models as proposal_models  # noqa: F401
from registry.reviews import models as review_models  # noqa: F401
from registry.rules import models as rule_models  # noqa: F401
from registry.search import models as search_models  # noqa: F401
from registry.tasks import models as task_models  # noqa: F401
from registry.tokens import models as token_models  # noqa: F401
from registry.usage import models as usage_models  # noqa: F401
from registry.webhooks import models as webhook_models  # noqa: F401
