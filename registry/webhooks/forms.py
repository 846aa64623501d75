"""The form an administrator registers a webhook with."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from registry.webhooks.models import EVENTS


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def event_choices():
    from registry.webhooks.sending import event_label

    return [(name, event_label(name)) for name in EVENTS]


class WebhookForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=100)])
    url = StringField(_l("Address (URL)"), validators=[DataRequired(), Length(max=1000)],
                      description=_l("Where the registry POSTs the events, e.g. the OA system's receiver or a "
                                     "chat group robot's webhook address."))
    secret = StringField(_l("Secret"), validators=[Optional(), Length(max=200)],
                         description=_l("Signs every request (HMAC-SHA256 in X-Registry-Signature-256); at least "
                                        "16 characters for the JSON format. For DingTalk and Feishu robots: the "
                                        "robot's signing secret."))
    events = CheckboxesField(_l("Events"), validators=[DataRequired()])
    format = SelectField(_l("Message format"), choices=[
        ("json", _l("JSON event (signed)")), ("wecom", _l("WeCom (企业微信) group robot")),
        ("dingtalk", _l("DingTalk (钉钉) group robot")), ("feishu", _l("Feishu (飞书) group robot"))])
    is_active = BooleanField(_l("Active"), default=True)
