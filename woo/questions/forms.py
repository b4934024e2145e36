"""The forms a person fills in at the flow's waiting points, derived from the answer models (one definition).

Each form is made mechanically from its answer model in :mod:`woo.questions.models` (:func:`form_of`): the
same fields, Dutch titles and descriptions, defaults and limits. What differs is only what Prefect needs:

- **Free text becomes a reference.** Prefect keeps every form answer for good, so where an answer holds free
  text (a new scope, passages, a manual redaction's text, a remark) the form takes a reference to a text stored
  in the project's store (``tekst-…``); ``woo answer`` stores the text and fills in the reference. The pattern is
  in the JSON schema only, so the Prefect server refuses text typed there, while an answer that gets past an
  older schema reaches the flow, which refuses it with a Dutch reason and deletes it (see ``woo.flows.asking``).
- **Choices are shown in Dutch.** An enum is offered by its Dutch labels (Prefect's form shows enum values as
  they are); the answer stores the label, and the enums accept their label as the same choice.
- **No "None" toggles.** An optional field is shown as its plain type without a default, so the form has no
  type switch; left empty, it is absent from the answer and the model's default applies.

The forms derive from Prefect's ``RunInput`` (the one Prefect import below the orchestration layer).
"""

from __future__ import annotations

import copy
import types
from enum import Enum
from typing import Annotated, Any, Union, get_args, get_origin

from prefect.input import RunInput
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    TypeAdapter,
    WithJsonSchema,
    create_model,
)
from pydantic.fields import FieldInfo

from woo.questions.models import (
    TEXT_REF_PATTERN,
    MeetingAnswer,
    PrivacyAnswer,
    RedactionReview,
    SignOff,
    Specification,
    TextField,
    TextPath,
    ThirdPartyView,
    who,
)

__all__ = [
    "FORMS", "FORM_TEXT_PATHS", "MeetingForm", "PrivacyForm", "ReviewForm", "SignOffForm", "SpecificationForm",
    "ViewItem", "ViewsForm", "choice_label", "form_of", "prefilled",
]

_KEY_PATTERN = r"^[a-z0-9][a-z0-9-]{0,40}$"


def choice_label(member: Enum) -> str:
    """How a form offers an enum member: its ``choice`` (code and label) or its Dutch ``label``."""
    return str(getattr(member, "choice", None) or getattr(member, "label", None) or member.value)


def _text_ref(info: FieldInfo, step: str) -> tuple[Any, FieldInfo]:
    description = (f"{info.description or ''}. Vul hier alleen een verwijzing in (tekst-…), nooit de tekst zelf: "
                   f"Prefect bewaart alles wat in dit formulier staat. Geef de tekst met `woo answer <zaaknummer> "
                   f"{step} --file antwoord.yaml` of op de beoordelingspagina; hier komt alleen de verwijzing.")
    annotation = Annotated[str | None, BeforeValidator(lambda v: v or None),
                           WithJsonSchema({"type": "string", "pattern": f"^$|{TEXT_REF_PATTERN}"})]
    title = f"{info.title} (verwijzing)" if info.title else None
    return annotation, Field(default="", validate_default=True, title=title, description=description)


def _without_default(schema: dict[str, Any]) -> None:
    # "default": null would make the form start with null, which its own schema then refuses.
    schema.pop("default", None)


def _convert(annotation: Any, step: str) -> tuple[Any, bool]:
    """The form's annotation for a model's; True when it was optional (``X | None``)."""
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            inner, _ = _convert(args[0], step)
            schema = TypeAdapter(inner).json_schema()
            return Annotated[inner | None, WithJsonSchema(schema)], True
    if origin is list:
        (item,) = get_args(annotation)
        inner, _ = _convert(item, step)
        return list[inner], False  # type: ignore[valid-type]
    if isinstance(annotation, type) and issubclass(annotation, Enum) and hasattr(annotation, "label"):
        labels = [choice_label(m) for m in annotation]
        return Annotated[annotation, WithJsonSchema({"type": "string", "enum": labels}),
                         PlainSerializer(choice_label, return_type=str, when_used="json")], False
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return form_of(annotation, step, base=BaseModel), False
    return annotation, False


def form_of(model: type[BaseModel], step: str, *, base: type[BaseModel] = RunInput,
            text_fields: frozenset[str] = frozenset(), exclude: frozenset[str] = frozenset(),
            prepend: dict[str, tuple[Any, Any]] | None = None,
            append: dict[str, tuple[Any, Any]] | None = None) -> Any:
    """A form with ``model``'s fields (titles, descriptions, defaults, limits); see the module's docstring."""
    fields: dict[str, Any] = dict(prepend or {})
    for name, info in model.model_fields.items():
        if name in exclude:
            continue
        texts = text_fields or _TEXT_FIELDS.get(model.__name__, frozenset())
        if name in texts:
            fields[name] = _text_ref(info, step)
            continue
        annotation, optional = _convert(info.annotation, step)
        new = copy.copy(info)
        new.annotation = annotation
        if optional and info.default is None:
            new.json_schema_extra = _merge_extra(info.json_schema_extra)
        fields[name] = (Annotated[annotation, *info.metadata] if info.metadata else annotation, new)
    fields.update(append or {})
    config = {} if base is RunInput else {"__config__": ConfigDict(extra="forbid")}
    return create_model(f"{model.__name__}Form", __base__=base if base is RunInput else None,  # type: ignore[call-overload]
                        **config, **fields)


def _merge_extra(extra: Any) -> Any:
    if extra is None:
        return _without_default
    if isinstance(extra, dict):
        def update(schema: dict[str, Any]) -> None:
            schema.update(extra)
            _without_default(schema)
        return update
    return extra


_TEXT_FIELDS: dict[str, frozenset[str]] = {
    # Per answer model: the fields that hold free text (a reference in a form); see FORM_TEXT_PATHS below.
    "MeetingAnswer": frozenset({"new_scope", "forwarded_to"}),
    "Specification": frozenset({"new_scope"}),
    "ThirdPartyView": frozenset({"passages"}),
    "ManualRedaction": frozenset({"text"}),
    "GroundReason": frozenset({"reason"}),
    "SignOff": frozenset({"remark"}),
}

MeetingForm = form_of(MeetingAnswer, "meeting", exclude=frozenset({"specification"}))
SpecificationForm = form_of(Specification, "specification", append={"answered_by": (str, who())})
ViewItem = form_of(ThirdPartyView, "views", base=BaseModel, prepend={
    "third_party": (str, Field(title="Derde (sleutel)", pattern=_KEY_PATTERN,
                               description="Sleutel van de derde-belanghebbende (ingevuld; zie de vraag)"))})
ViewsForm = create_model("ViewsForm", __base__=RunInput,
                         views=(list[ViewItem], Field(title="Zienswijzen",  # type: ignore[valid-type]
                                                      description="Eén regel per geraadpleegde derde")),
                         answered_by=(str, who()))
ReviewForm = form_of(RedactionReview, "review")
SignOffForm = form_of(SignOff, "sign_off")
PrivacyForm = form_of(PrivacyAnswer, "privacy")

FORMS: dict[str, type[RunInput]] = {
    "meeting": MeetingForm,
    "specification": SpecificationForm,
    "views": ViewsForm,
    "review": ReviewForm,
    "sign_off": SignOffForm,
    "privacy": PrivacyForm,
}

FORM_TEXT_PATHS: dict[str, dict[TextPath, TextField]] = {
    "meeting": {("new_scope",): TextField.NEW_SCOPE, ("forwarded_to",): TextField.FORWARDED_TO},
    "specification": {("new_scope",): TextField.NEW_SCOPE},
    "views": {("views", "*", "passages"): TextField.PASSAGES},
    "review": {("manual", "*", "text"): TextField.MANUAL_TEXT, ("reasons", "*", "reason"): TextField.REASON},
    "sign_off": {("remark",): TextField.REMARK},
    "privacy": {},
}
"""Where each form holds references to stored texts (see :mod:`woo.questions.texts`)."""


def prefilled(form: type[RunInput], description: str, *, lead: str = "", **values: Any) -> type[RunInput]:
    """``form`` with ``values`` as defaults, keeping each field's title, description and schema (Prefect's own
    ``with_initial_data`` drops them), and the question as the form's description.

    ``lead`` goes in front of the first field's description: Prefect 3.8's resume dialog squeezes the form's
    own description (measured: 0 px high at 1400×900 in Chromium), while field descriptions are always shown.
    """
    fields: dict[str, Any] = {}
    for key, value in values.items():
        info = copy.copy(form.model_fields[key])
        info.default, info.default_factory = value, None
        fields[key] = (info.annotation, info)
    first = next(iter(form.model_fields))
    if lead:
        info = copy.copy(fields[first][1] if first in fields else form.model_fields[first])
        info.description = f"{lead}\n\n{info.description or ''}"
        fields[first] = (info.annotation, info)
    model = create_model(form.__name__, __base__=form, **fields)
    model._description = description
    return model
