"""Forms for the association profile, members, board, groups and contribution settings.

Every error is a whole Swedish sentence; a form with an error saves nothing.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from finsam.forms import MoneyField
from finsam.money import KR, TKR, MoneyParseError, format_money, format_money_input, parse_money

from . import calc
from .models import (
    Association,
    BoardSeat,
    ContributionSettings,
    Group,
    GroupMember,
    Member,
)
from .validators import normalise_org_number

LOGO_MAX_BYTES = 1024 * 1024  # 1 MB is plenty for a logo on screen and in the PDF
LOGO_FORMATS = {"PNG", "JPEG", "WEBP", "GIF"}
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _year_field(label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=1900,
        max_value=2100,
        error_messages={
            "invalid": _("Skriv årtalet med fyra siffror, till exempel 2023."),
            "min_value": _("Årtalet ska vara mellan 1900 och 2100."),
            "max_value": _("Årtalet ska vara mellan 1900 och 2100."),
        },
    )


def _require_population_year(form: forms.Form, data: dict) -> None:
    """A population means little without the year it was counted (the key divides by it)."""
    if data.get("population") is not None and not data.get("population_year"):
        form.add_error("population_year", _("Ange vilket år invånarantalet gäller."))


class SpacedIntegerField(forms.IntegerField):
    """An integer typed the Swedish way: "25 459" (spaces between thousands) is fine."""

    widget = forms.TextInput(attrs={"inputmode": "numeric"})

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
        return super().to_python(value)


def _population_field(label: str) -> forms.IntegerField:
    return SpacedIntegerField(
        label=label,
        required=False,
        min_value=0,
        error_messages={
            "invalid": _("Invånarantalet ska vara ett heltal, till exempel 25459."),
            "min_value": _("Invånarantalet kan inte vara negativt."),
        },
    )


class AssociationProfileForm(forms.ModelForm):
    population = _population_field(_("Invånare i området"))
    population_year = _year_field(_("Befolkning per år (källa, t.ex. SCB 2023)"))

    class Meta:
        model = Association
        fields = [
            "name",
            "short_name",
            "org_number",
            "formed",
            "seat",
            "website",
            "logo",
            "logo_alt",
            "area_description",
            "population",
            "population_year",
        ]
        widgets = {"formed": DATE_WIDGET, "area_description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "org_number": _("Tio siffror, NNNNNN-NNNN. Kontrollsiffran kontrolleras."),
            "logo": _("PNG, JPEG, WebP eller GIF, högst 1 MB."),
            "logo_alt": _("Beskriv logotypen för den som inte ser den. Krävs med en logotyp."),
        }

    def clean_org_number(self) -> str:
        return normalise_org_number(self.cleaned_data.get("org_number") or "")

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo and hasattr(logo, "size") and getattr(logo, "content_type", None) is not None:
            if logo.size > LOGO_MAX_BYTES:
                raise ValidationError(_("Logotypen får vara högst 1 MB."))
            image = getattr(logo, "image", None)
            if image is not None and image.format not in LOGO_FORMATS:
                raise ValidationError(_("Logotypen ska vara en PNG-, JPEG-, WebP- eller GIF-bild."))
        return logo

    def clean(self):
        data = super().clean()
        logo = data.get("logo")
        if logo and not (data.get("logo_alt") or "").strip():
            self.add_error("logo_alt", _("Skriv en alternativtext som beskriver logotypen."))
        _require_population_year(self, data)
        return data


class MemberForm(forms.ModelForm):
    population = _population_field(_("Invånare"))
    population_year = _year_field(_("Befolkning per år"))

    class Meta:
        model = Member
        fields = [
            "name",
            "kind",
            "population",
            "population_year",
            "region",
            "valid_from",
            "valid_to",
            "order",
        ]
        widgets = {"valid_from": DATE_WIDGET, "valid_to": DATE_WIDGET}
        help_texts = {
            "region": _(
                "Den region kommunen hör till (för kommuner i förbund med flera regioner)."
            ),
            "valid_from": _(
                "Lämna tomt om medlemmen varit med sedan förbundet bildades. Ett datum mitt i "
                "ett år: medlemsbidraget det året räknas som planens inställning säger (efter "
                "månader eller helt år)."
            ),
            "valid_to": _(
                "Lämna tomt om medlemskapet fortsätter. Sista dagen som medlem, t.ex. 30 juni."
            ),
            "order": _(
                "Lägre nummer visas först; 0 går bra. Lämna tomt så hamnar medlemmen sist bland "
                "medlemmar av samma typ. Medlemmar med samma nummer visas i ordningen "
                "Försäkringskassan, Arbetsförmedlingen, regioner, kommuner och sedan efter namn."
            ),
        }

    def __init__(self, *args, association: Association, **kwargs) -> None:
        if kwargs.get("instance") is not None and kwargs["instance"].pk is None:
            # A new member has no order until one is typed: the field starts empty (the
            # automatic order), not at the model's default 0, which is a typed place. An
            # empty field stays None, which asks member_save for the automatic order.
            kwargs["instance"].order = None
        super().__init__(*args, **kwargs)
        self.instance.association = association
        regions = Member.objects.filter(association=association, kind=Member.Kind.REGION)
        if self.instance.pk:
            regions = regions.exclude(pk=self.instance.pk)
        self.fields["region"].queryset = regions
        self.fields["order"].required = False

    def clean_name(self) -> str:
        name = (self.cleaned_data.get("name") or "").strip()
        clash = Member.objects.filter(association=self.instance.association, name__iexact=name)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise ValidationError(_("Det finns redan en medlem med det namnet."))
        return name

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if data.get("region") and kind != Member.Kind.MUNICIPALITY:
            self.add_error("region", _("Bara en kommun kan höra till en region."))
        _require_population_year(self, data)
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("Slutdatumet kan inte vara före startdatumet."))
        return data

    def validate_constraints(self, exclude=None):  # the name clash has its own message above
        pass


class BoardSeatForm(forms.ModelForm):
    class Meta:
        model = BoardSeat
        fields = ["member", "role", "person", "term_start", "term_end"]
        widgets = {"term_start": DATE_WIDGET, "term_end": DATE_WIDGET}
        labels = {"member": _("Utsedd av (medlem)")}

    def __init__(self, *args, association: Association, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.association = association
        self.fields["member"].queryset = Member.objects.filter(association=association)

    def clean(self):
        data = super().clean()
        member, role = data.get("member"), data.get("role")
        start, end = data.get("term_start"), data.get("term_end")
        if start and end and end < start:
            self.add_error("term_end", _("Mandatperioden kan inte sluta innan den börjar."))
        if member and role:
            deputy = role == BoardSeat.SeatRole.DEPUTY
            others = BoardSeat.objects.filter(association=self.instance.association, member=member)
            if self.instance.pk:
                others = others.exclude(pk=self.instance.pk)
            if deputy and others.filter(role=BoardSeat.SeatRole.DEPUTY).exists():
                self.add_error("role", _("Medlemmen har redan en ersättare."))
            if not deputy and others.exclude(role=BoardSeat.SeatRole.DEPUTY).exists():
                self.add_error("role", _("Medlemmen har redan en ordinarie plats i styrelsen."))
            if role in (BoardSeat.SeatRole.CHAIR, BoardSeat.SeatRole.VICE_CHAIR):
                taken = BoardSeat.objects.filter(association=self.instance.association, role=role)
                if self.instance.pk:
                    taken = taken.exclude(pk=self.instance.pk)
                if taken.exists():
                    self.add_error("role", _("Styrelsen har redan någon med den rollen."))
        return data


class GroupForm(forms.ModelForm):
    people = forms.CharField(
        label=_("Personer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "En person per rad: namn; befattning; organisation. Organisationen ska vara en av "
            "förbundets medlemmar. Namn eller organisation räcker."
        ),
    )

    class Meta:
        model = Group
        fields = ["name", "kind", "purpose", "order"]
        widgets = {"purpose": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, association: Association, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.association = association
        self.association = association
        self.fields["order"].required = False
        if self.instance.pk and not self.is_bound:
            self.initial["people"] = "\n".join(
                "; ".join([p.person, p.title, p.member.name if p.member else ""]).rstrip("; ")
                for p in self.instance.people.select_related("member")
            )

    def clean_order(self) -> int:
        return self.cleaned_data.get("order") or 0

    def clean_people(self) -> list[GroupMember]:
        members = {m.name.lower(): m for m in Member.objects.filter(association=self.association)}
        people = []
        for n, line in enumerate((self.cleaned_data.get("people") or "").splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split(";")]
            if len(parts) > 3:
                raise ValidationError(
                    _("Rad %(n)s har för många semikolon; skriv namn; befattning; organisation."),
                    params={"n": n},
                )
            person, title, org = (parts + ["", ""])[:3]
            member = None
            if org:
                member = members.get(org.lower())
                if member is None:
                    raise ValidationError(
                        _("Rad %(n)s: ”%(org)s” är inte en medlem i förbundet."),
                        params={"n": n, "org": org},
                    )
            if len(person) > 120 or len(title) > 120:
                raise ValidationError(_("Rad %(n)s är för lång."), params={"n": n})
            if not person and member is None:
                raise ValidationError(_("Rad %(n)s saknar namn och organisation."), params={"n": n})
            people.append(GroupMember(person=person, title=title, member=member))
        return people


# --- contributions --------------------------------------------------------------------------


def _percent(text: str | None, label: str, *, places: int = 3, digits: int = 6) -> Decimal:
    """A typed percentage; at most `places` decimals and `digits` digits in all, as the
    model field stores (33,3333 % reached the database check and answered 500)."""
    raw = (text or "").strip().replace(" ", "").replace("\u00a0", "").replace("%", "")
    raw = raw.replace(",", ".").replace("\u2212", "-")
    try:
        value = Decimal(raw)
    except InvalidOperation as exc:
        raise ValidationError(
            _("%(label)s ska vara ett tal i procent, till exempel 25."), params={"label": label}
        ) from exc
    if not value.is_finite():
        raise ValidationError(_("%(label)s ska vara ett tal."), params={"label": label})
    if abs(value) >= Decimal(10) ** (digits - places):
        raise ValidationError(_("%(label)s är orimligt hög."), params={"label": label})
    if value != value.quantize(Decimal(1).scaleb(-places)):
        raise ValidationError(
            _("%(label)s får ha högst %(places)s decimaler."),
            params={"label": label, "places": places},
        )
    return value


class ContributionSettingsForm(forms.ModelForm):
    """The plan's contribution settings; amounts are typed in the plan's unit (kr or tkr)."""

    amount_text = MoneyField(label=_("Belopp år 1"), negative=_("Beloppet kan inte vara negativt."))
    state_share = forms.CharField(label=_("Statens andel (%)"), max_length=10)
    region_share = forms.CharField(label=_("Regionernas andel (%)"), max_length=10)
    municipality_share = forms.CharField(label=_("Kommunernas andel (%)"), max_length=10)
    year2_text = forms.CharField(label=_("Värde år 2"), required=False, max_length=30)
    year3_text = forms.CharField(label=_("Värde år 3"), required=False, max_length=30)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ContributionSettings
        fields = [
            "input_mode",
            "combine_state",
            "part_year",
            "region_key",
            "municipality_key",
            "rounding",
            "region_rounding",
            "municipality_rounding",
            "year2_scenario",
            "year3_scenario",
        ]
        widgets = {
            "input_mode": forms.RadioSelect,
            "part_year": forms.RadioSelect,
            "region_key": forms.RadioSelect,
            "municipality_key": forms.RadioSelect,
        }
        help_texts = {
            "part_year": _(
                "Gäller en medlem som går med eller lämnar under ett år (datum på "
                "medlemssidan). Efter månader: dess invånarantal eller fasta andel räknas för "
                "de månader den är medlem."
            ),
            "region_rounding": _("Tomt: samma som avrundningen ovan."),
            "municipality_rounding": _("Tomt: samma som avrundningen ovan."),
            "year2_scenario": _(
                "Regionernas och kommunernas bidrag följer statens enligt fördelningen."
            ),
        }

    def __init__(self, *args, plan, members: list[Member], shares: dict[int, Decimal], **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.unit = plan.unit or KR
        self.instance.plan = plan
        s = self.instance
        unit_label = f" ({self.unit})"
        self.fields["amount_text"].unit = self.unit
        self.fields["amount_text"].label = _("Belopp år 1") + unit_label
        self.fields["amount_text"].help_text = _(
            "Statens bidrag (FK och AF tillsammans) eller det totala medlemsbidraget, "
            "enligt valet ovan."
        )
        self.fields["year2_text"].help_text = _(
            "Procent (t.ex. −10) eller statens bidrag i %(unit)s, enligt valet."
        ) % {"unit": self.unit}
        self.fields["year3_text"].help_text = self.fields["year2_text"].help_text
        # Fixed shares for those who are members in one of the plan's years: a municipality
        # that left years ago needs none (it was asked for one, and its 0 % broke the 100 %).
        self.grouped = [
            m
            for m in members
            if m.kind in ("region", "municipality") and any(m.is_member_in(y) for y in plan.years)
        ]
        for m in self.grouped:
            self.fields[f"share_{m.pk}"] = forms.CharField(
                label=_("Fast andel för %(name)s (%%)") % {"name": m.name},
                required=False,
                max_length=12,
            )
        if not self.is_bound:
            self.initial.update(
                {
                    "amount_text": s.amount or None,  # shown exactly by MoneyField
                    "state_share": _num(s.state_share),
                    "region_share": _num(s.region_share),
                    "municipality_share": _num(s.municipality_share),
                    "year2_text": self._value_text(s.year2_scenario, s.year2_value),
                    "year3_text": self._value_text(s.year3_scenario, s.year3_value),
                    "version": s.version if s.pk else None,
                }
            )
            for m in self.grouped:
                if m.pk in shares:
                    self.initial[f"share_{m.pk}"] = _num(shares[m.pk])

    def _value_text(self, scenario: str, value: Decimal | None) -> str:
        if value is None or scenario == "unchanged":
            return ""
        if scenario == "amount":
            return format_money_input(int(value), self.unit)  # exact: a re-save keeps it
        return _num(value)

    def share_fields(self, kind: str) -> list[forms.BoundField]:
        return [self[f"share_{m.pk}"] for m in self.grouped if m.kind == kind]

    @property
    def region_shares(self) -> list[forms.BoundField]:
        return self.share_fields("region")

    @property
    def municipality_shares(self) -> list[forms.BoundField]:
        return self.share_fields("municipality")

    def clean(self):
        data = super().clean()
        data.update(self._clean_split())
        for year in (2, 3):
            data[f"year{year}_value"] = self._clean_scenario(year, data)
        self.cleaned_shares = self._clean_fixed_shares(data)
        return data

    def _clean_split(self) -> dict[str, Decimal]:
        """The state's, the regions' and the municipalities' shares: each ≥ 0, together 100 %."""
        shares = {}
        for name, label in (
            ("state_share", _("Statens andel")),
            ("region_share", _("Regionernas andel")),
            ("municipality_share", _("Kommunernas andel")),
        ):
            try:
                shares[name] = _percent(self.data.get(name), str(label))
                if shares[name] < 0:
                    self.add_error(name, _("%(label)s kan inte vara negativ.") % {"label": label})
            except ValidationError as exc:
                self.add_error(name, exc)
        if len(shares) == 3 and not self.errors:
            total = sum(shares.values())
            if total != 100:
                self.add_error(
                    "municipality_share",
                    _("Andelarna ska tillsammans vara 100 %%, nu är de %(sum)s %%.")
                    % {"sum": _num(total)},
                )
            elif shares["state_share"] <= 0:
                self.add_error("state_share", _("Statens andel måste vara större än 0 %."))
        return shares

    def _clean_scenario(self, year: int, data: dict) -> Decimal | None:
        """Year 2 or 3: the state's change in percent, or its amount, as the scenario says."""
        scenario = data.get(f"year{year}_scenario")
        text = (data.get(f"year{year}_text") or "").strip()
        value: Decimal | None = None
        if scenario == "percent":
            try:
                value = _percent(text, str(_("Ändringen")), places=2, digits=14)
                if value < -100:
                    raise ValidationError(_("Statens bidrag kan inte minska mer än 100 %."))
            except ValidationError as exc:
                self.add_error(f"year{year}_text", exc)
        elif scenario == "amount":
            try:
                value = Decimal(parse_money(text, unit=self.unit))
                if value < 0:
                    raise ValidationError(_("Statens bidrag kan inte vara negativt."))
            except (MoneyParseError, ValidationError) as exc:
                self.add_error(
                    f"year{year}_text", str(exc) if isinstance(exc, MoneyParseError) else exc
                )
        return value

    def _clean_fixed_shares(self, data: dict) -> dict[int, Decimal]:
        """Typed shares of regions and municipalities; a fixed key needs one each, 100 % in all."""
        typed_shares: dict[int, Decimal] = {}
        for kind, mode_field, label in (
            ("region", "region_key", _("regionerna")),
            ("municipality", "municipality_key", _("kommunerna")),
        ):
            group = [m for m in self.grouped if m.kind == kind]
            typed: dict[int, Decimal] = {}
            for m in group:
                raw = (self.data.get(f"share_{m.pk}") or "").strip()
                if not raw:
                    continue
                try:
                    typed[m.pk] = _percent(raw, m.name, places=4, digits=7)
                    if typed[m.pk] < 0 or typed[m.pk] > 100:
                        self.add_error(f"share_{m.pk}", _("Andelen ska vara mellan 0 och 100 %."))
                except ValidationError as exc:
                    self.add_error(f"share_{m.pk}", exc)
            if data.get(mode_field) == ContributionSettings.KeyMode.FIXED and group:
                missing = [m for m in group if m.pk not in typed]
                if missing:
                    self.add_error(
                        f"share_{missing[0].pk}",
                        _("Ange en fast andel för varje medlem bland %(label)s.")
                        % {"label": label},
                    )
                elif sum(typed.values()) != 100:
                    self.add_error(
                        f"share_{group[-1].pk}",
                        _(
                            "De fasta andelarna för %(label)s ska tillsammans vara 100 %%, nu är "
                            "de %(sum)s %%."
                        )
                        % {"label": label, "sum": _num(sum(typed.values()))},
                    )
            typed_shares.update(typed)
        return typed_shares

    def save(self, commit: bool = True) -> ContributionSettings:
        s = super().save(commit=False)
        d = self.cleaned_data
        s.amount = d["amount_text"]
        s.state_share = d["state_share"]
        s.region_share = d["region_share"]
        s.municipality_share = d["municipality_share"]
        s.year2_value = d.get("year2_value")
        s.year3_value = d.get("year3_value")
        return s


def _num(value: Decimal | None) -> str:
    """Decimal('25.000') → '25', Decimal('70.100') → '70,1' (Swedish decimal comma)."""
    if value is None:
        return ""
    text = format(Decimal(value).normalize(), "f")
    return text.replace(".", ",")


# A unit typed after the figure ("196 600 kr" in a tkr table) says the figure is meant.
_TYPED_UNIT = re.compile(r"(?i)(mkr|msek|tkr|tsek|kr|sek|:-)\s*$")


class DecidedAmountsForm(forms.Form):
    """Decided amounts for each row of one plan year; blank clears the decided amount."""

    def __init__(self, *args, rows, year: int, unit: str, **kwargs) -> None:
        kwargs.setdefault("prefix", f"y{year}")  # three years on one page: ids stay unique
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.year = year
        self.rows = rows
        for row in rows:
            name = self.field_name(row.member_id)
            self.fields[name] = forms.CharField(
                label=_("Beslutat för %(label)s %(year)s") % {"label": row.label, "year": year},
                required=False,
                max_length=30,
            )
            if not self.is_bound and row.decided is not None:
                self.initial[name] = format_money_input(row.decided, unit)

    def _slip_message(self, row, text: str, value: int, meant: int) -> str:
        params = {
            "label": row.label,
            "text": text,
            "amount": format_money(value, self.unit, suffix=True),
            "key": format_money(row.computed, self.unit, suffix=True),
            "meant": format_money_input(meant, self.unit),
        }
        if self.unit == TKR:
            return (
                _(
                    "%(label)s: ”%(text)s” blir %(amount)s, över hundra gånger nyckelns "
                    "%(key)s. Det ser ut som kronor i en tabell i tkr: skriv %(meant)s, eller "
                    "skriv enheten efter beloppet om det stämmer."
                )
                % params
            )
        return (
            _(
                "%(label)s: ”%(text)s” blir %(amount)s, under en hundradel av nyckelns "
                "%(key)s. Det ser ut som tkr i en tabell i kronor: skriv %(meant)s, eller "
                "skriv enheten efter beloppet om det stämmer."
            )
            % params
        )

    @staticmethod
    def field_name(member_id: int | None) -> str:
        return f"decided_{member_id or 'state'}"

    def clean(self):
        data = super().clean()
        self.amounts: dict[int | None, int | None] = {}
        for row in self.rows:
            name = self.field_name(row.member_id)
            text = (self.data.get(self.add_prefix(name)) or "").strip()
            if not text:
                self.amounts[row.member_id] = None
                continue
            try:
                value = parse_money(text, unit=self.unit)
            except MoneyParseError as exc:
                self.add_error(name, f"{row.label}: {exc}")
                continue
            if value < 0:
                self.add_error(
                    name, _("%(label)s: beloppet kan inte vara negativt.") % {"label": row.label}
                )
                continue
            meant = calc.decided_unit_slip(computed=row.computed, decided=value, unit=self.unit)
            if meant is not None and not _TYPED_UNIT.search(text):
                self.add_error(name, self._slip_message(row, text, value, meant))
                continue
            self.amounts[row.member_id] = value
        return data
