"""The routing engine's data: the configuration snapshot, the call request, and the plans it answers with.

Everything is a frozen dataclass of plain values (strings, ints, tuples, enums) so the service can build a snapshot
straight from its projection rows and serialise a plan or a call state without custom code.
Phone numbers are E.164 strings; extensions are 1–6 digit strings; ids are opaque strings.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import StrEnum
from functools import cached_property
from typing import Any

from routing.engine.records import quick_init

RING_SECONDS = 5
"""One ring lasts 5 seconds (RTE-04: "1 sonnerie correspond à 5 secondes")."""


# --- Targets: where a DID, a forward, a menu key or an overflow sends a call ---------------------------------------


class TargetKind(StrEnum):
    USER = "user"
    AUTO_ATTENDANT = "auto_attendant"
    HUNT_GROUP = "hunt_group"
    CALL_CENTRE = "call_centre"
    PAGING_GROUP = "paging_group"
    INSTANT_GROUP_CALL = "instant_group_call"
    VOICEMAIL = "voicemail"
    NUMBER = "number"
    """A dialled string (an extension or an external number), resolved as if the owner had dialled it."""


@quick_init
@dataclass(frozen=True)
class Target:
    kind: TargetKind
    ref: str


# --- Users and their calling features -------------------------------------------------------------------------------


@quick_init
@dataclass(frozen=True)
class ForwardRule:
    target: Target
    enabled: bool = True


@quick_init
@dataclass(frozen=True)
class SelectiveForward:
    """Forward calls from some callers (E.164 numbers, national numbers or extensions) to a target (RTE-04)."""

    callers: tuple[str, ...]
    target: Target
    enabled: bool = True
    business_schedule_id: str | None = None
    """When set, the rule applies only inside that schedule's business hours."""


@quick_init
@dataclass(frozen=True)
class Forwarding:
    """The five kinds of call forwarding plus the voicemail settings of a line (RTE-04)."""

    always: ForwardRule | None = None
    busy: ForwardRule | None = None
    no_answer: ForwardRule | None = None
    unreachable: ForwardRule | None = None
    selective: tuple[SelectiveForward, ...] = ()
    ring_seconds: int = 4 * RING_SECONDS
    """How long the line rings before the no-answer forward or voicemail takes the call."""
    straight_to_voicemail: bool = False


@quick_init
@dataclass(frozen=True)
class SimultaneousRing:
    """Ring other phones together with the line (RTE-05); `screening` asks the answerer on an external phone to
    accept the call (press 1), so that a mobile's own voicemail never takes it."""

    numbers: tuple[str, ...]
    enabled: bool = True
    screening: bool = False


@quick_init
@dataclass(frozen=True)
class User:
    id: str
    extension: str | None = None
    dids: tuple[str, ...] = ()
    department_id: str | None = None
    language: str = "fr"
    forwarding: Forwarding = Forwarding()
    simultaneous_ring: SimultaneousRing | None = None
    voicemail_enabled: bool = True
    restriction_ids: tuple[str, ...] = ()
    """Ticks on the company's restriction list (RTE-02)."""
    account_codes: AccountCodePolicy | None = None
    """Per-line override of the enterprise's account-code policy (RTE-13)."""
    speed_dials: tuple[tuple[str, str], ...] = ()
    """(what the line dials, the number it stands for): speed dial 8 ("2".."9") and 100 ("#00".."#99") (RTE-12)."""


@quick_init
@dataclass(frozen=True)
class Department:
    id: str
    name: str = ""
    parent_id: str | None = None
    max_outgoing_external: int | None = None
    max_incoming_external: int | None = None


@quick_init
@dataclass(frozen=True)
class Did:
    number: str
    target: Target


# --- Groups --------------------------------------------------------------------------------------------------------


class HuntAlgorithm(StrEnum):
    REGULAR = "regular"
    CIRCULAR = "circular"
    UNIFORM = "uniform"
    SIMULTANEOUS = "simultaneous"
    WEIGHTED = "weighted"


@quick_init
@dataclass(frozen=True)
class HuntMember:
    user_id: str
    logged_in: bool = True
    weight: int = 1


@quick_init
@dataclass(frozen=True)
class HuntGroup:
    """A multi-line hunt group (RTE-08); members are in their configured order."""

    id: str
    name: str = ""
    pilot: str | None = None
    extension: str | None = None
    members: tuple[HuntMember, ...] = ()
    algorithm: HuntAlgorithm = HuntAlgorithm.REGULAR
    ring_seconds_per_member: int = 3 * RING_SECONDS
    queue_enabled: bool = False
    queue_max_callers: int = 10
    queue_max_wait_seconds: int = 120
    queue_music: str | None = None
    overflow: Target | None = None
    active: bool = True


@quick_init
@dataclass(frozen=True)
class CallCentre:
    """A call centre's entry point (RTE-09): the engine queues the call; agent distribution is the service's."""

    id: str
    name: str = ""
    active: bool = True
    max_wait_seconds: int = 300
    music: str | None = None
    overflow: Target | None = None
    extension: str | None = None
    queue_max_callers: int = 10
    agent_user_ids: tuple[str, ...] = ()
    """The agents logged in, in order; the queue offers them the calls (RTE-09)."""


@quick_init
@dataclass(frozen=True)
class PagingGroup:
    id: str
    name: str = ""
    member_user_ids: tuple[str, ...] = ()
    active: bool = True
    extension: str | None = None
    originator_user_ids: tuple[str, ...] = ()
    """The lines that may page the group (RTE-11, "Peut radiomessager"); nobody else can, from inside or outside."""


@quick_init
@dataclass(frozen=True)
class InstantGroupCall:
    """One call rings these lines and outside numbers at once (RTE-11)."""

    id: str
    name: str = ""
    member_user_ids: tuple[str, ...] = ()
    external_numbers: tuple[str, ...] = ()
    active: bool = True
    extension: str | None = None
    answer_confirmation: bool = False
    """Whoever answers presses 1 to take the call, so that a mobile's own voicemail never takes it (RTE-11)."""


@quick_init
@dataclass(frozen=True)
class PickupGroup:
    """Any member answers any ringing line of the group from their own phone (RTE-10)."""

    id: str
    name: str = ""
    member_user_ids: tuple[str, ...] = ()


@quick_init
@dataclass(frozen=True)
class ParkGroup:
    """Members park calls on the enterprise's park slots and retrieve them; a parked call rings back the line
    that parked it after `recall_seconds` (RTE-10)."""

    id: str
    name: str = ""
    member_user_ids: tuple[str, ...] = ()
    recall_seconds: int = 120


@quick_init
@dataclass(frozen=True)
class SpeedCode:
    """A short code standing for a number (RTE-12), for the whole enterprise or one department's lines."""

    code: str
    number: str
    department_id: str | None = None


# --- Auto attendants and schedules --------------------------------------------------------------------------------


class MenuAction(StrEnum):
    TRANSFER = "transfer"
    """Transfer to the extension or number in `ref`."""
    SUBMENU = "submenu"
    DIRECTORY = "directory"
    VOICEMAIL = "voicemail"
    OPERATOR = "operator"
    REPEAT = "repeat"


@quick_init
@dataclass(frozen=True)
class MenuKey:
    key: str
    action: MenuAction
    ref: str = ""


@quick_init
@dataclass(frozen=True)
class Menu:
    id: str
    prompt: str
    keys: tuple[MenuKey, ...] = ()
    timeout_seconds: int = 5


@quick_init
@dataclass(frozen=True)
class AutoAttendant:
    """An auto attendant (RTE-06). With `simple_menu` on, the schedule is ignored and the business-hours menu
    always plays (the guide's "pas d'horaire")."""

    id: str
    name: str = ""
    active: bool = True
    extension: str | None = None
    business_hours_menu_id: str = ""
    after_hours_menu_id: str | None = None
    business_schedule_id: str | None = None
    holiday_schedule_id: str | None = None
    simple_menu: bool = False
    menus: tuple[Menu, ...] = ()
    operator: Target | None = None
    max_attempts: int = 3
    """Timeouts and invalid keys allowed before the caller goes to the operator (or is disconnected)."""

    @cached_property
    def menus_by_id(self) -> Mapping[str, Menu]:
        return {menu.id: menu for menu in self.menus}


@quick_init
@dataclass(frozen=True)
class WeeklyHours:
    """Open from `start` to `end` (local wall clock, end exclusive) on `weekday` (0 = Monday). An `end` of 00:00
    means midnight at the end of the day; split ranges that cross midnight in two."""

    weekday: int
    start: time
    end: time


@quick_init
@dataclass(frozen=True)
class Holiday:
    """Closed all day from `start` to `end` inclusive; `yearly` repeats it every year on the same dates."""

    start: date
    end: date
    name: str = ""
    yearly: bool = False


@quick_init
@dataclass(frozen=True)
class Schedule:
    id: str
    name: str = ""
    weekly: tuple[WeeklyHours, ...] = ()
    holidays: tuple[Holiday, ...] = ()


class NightForwardingMode(StrEnum):
    OFF = "off"
    ON = "on"
    """Forced on by hand, whatever the schedule."""
    SCHEDULED = "scheduled"


@quick_init
@dataclass(frozen=True)
class NightForwarding:
    """Group night forwarding (RTE-07): calls to the group's users go to `target` when on, or outside business
    hours / on holidays when scheduled. An empty `user_ids` covers every user of the enterprise."""

    target: Target
    mode: NightForwardingMode = NightForwardingMode.OFF
    business_schedule_id: str | None = None
    holiday_schedule_id: str | None = None
    user_ids: tuple[str, ...] = ()


# --- Outbound rules ------------------------------------------------------------------------------------------------


class RestrictionMatch(StrEnum):
    COUNTRY = "country"
    """`value` is an ISO 3166 region code such as "FR"."""
    AREA_CODE = "area_code"
    """`value` is "+" country calling code and area code, such as "+1514"."""
    PREFIX = "prefix"
    """`value` is an E.164 prefix such as "+1900"."""


class RestrictionLevel(StrEnum):
    SYSTEM = "system"
    RESELLER = "reseller"
    ENTERPRISE = "enterprise"
    USER = "user"


@quick_init
@dataclass(frozen=True)
class RestrictionRule:
    """A rule denying (or allowing) outbound calls (RTE-02).

    SYSTEM rules bind everyone, RESELLER rules the reseller `owner_id`'s customers, ENTERPRISE rules the enterprise
    `owner_id`; an ENTERPRISE rule with `per_user` set is an entry of the company's list and binds only the users
    who ticked it."""

    id: str
    match: RestrictionMatch
    value: str
    level: RestrictionLevel = RestrictionLevel.SYSTEM
    owner_id: str | None = None
    allow: bool = False
    per_user: bool = False
    name: str = ""


@quick_init
@dataclass(frozen=True)
class RestrictionExemption:
    """Lifts a rule for one reseller, enterprise or user (`level` says which kind `subject_id` is)."""

    rule_id: str
    level: RestrictionLevel
    subject_id: str


@quick_init
@dataclass(frozen=True)
class PhoneZone:
    """Area codes ("+1514", "+1438", …) among which calls are local (RTE-03)."""

    id: str
    name: str = ""
    area_codes: tuple[str, ...] = ()


class CallClass(StrEnum):
    INTERNAL = "internal"
    LOCAL = "local"
    LONG_DISTANCE = "long_distance"
    INTERNATIONAL = "international"
    TOLL_FREE = "toll_free"
    PREMIUM = "premium"
    SPECIAL = "special"
    EMERGENCY = "emergency"


@quick_init
@dataclass(frozen=True)
class AccountCodePolicy:
    """Account codes (RTE-13): which call classes need one, whether it must be on the list, its length, and how many
    wrong attempts block the line."""

    required_for: frozenset[CallClass] = frozenset()
    must_be_valid: bool = True
    codes: tuple[str, ...] = ()
    min_length: int = 1
    max_length: int = 15
    max_attempts: int = 3


@quick_init
@dataclass(frozen=True)
class AuthorizationCode:
    """An authorization code (RTE-13) as routing stores it: only its keyed hash. `user_id` None: any line may use it
    (and every line must enter one); else it belongs to that line (which must then enter one)."""

    code_hash: str
    user_id: str | None = None


@quick_init
@dataclass(frozen=True)
class ExternalCallSettings:
    """RTE-14 for the whole enterprise: external calls in progress at once each way (None: no limit), and the
    carrier access code dialled before local, long-distance and international numbers."""

    max_outgoing: int | None = None
    max_incoming: int | None = None
    local_carrier_code: str | None = None
    long_distance_carrier_code: str | None = None
    international_carrier_code: str | None = None


class NotificationChannel(StrEnum):
    EMAIL = "email"
    PHONE = "phone"


@quick_init
@dataclass(frozen=True)
class EmergencyRecipient:
    channel: NotificationChannel
    address: str
    department_id: str | None = None
    """None: notified for every department."""


@quick_init
@dataclass(frozen=True)
class EmergencySettings:
    """Extra emergency numbers beyond the country's, and who is told when a line dials one (RTE-15)."""

    extra_numbers: tuple[str, ...] = ()
    notifications_enabled: bool = False
    recipients: tuple[EmergencyRecipient, ...] = ()


# --- The snapshot --------------------------------------------------------------------------------------------------


@quick_init
@dataclass(frozen=True)
class Snapshot:
    """One enterprise's routing configuration at one moment."""

    enterprise_id: str
    reseller_id: str = ""
    country: str = "CA"
    """ISO 3166 region used to read national numbers."""
    time_zone: str = "America/Toronto"
    main_number: str | None = None
    users: tuple[User, ...] = ()
    departments: tuple[Department, ...] = ()
    dids: tuple[Did, ...] = ()
    hunt_groups: tuple[HuntGroup, ...] = ()
    call_centres: tuple[CallCentre, ...] = ()
    paging_groups: tuple[PagingGroup, ...] = ()
    auto_attendants: tuple[AutoAttendant, ...] = ()
    schedules: tuple[Schedule, ...] = ()
    night_forwarding: tuple[NightForwarding, ...] = ()
    restriction_rules: tuple[RestrictionRule, ...] = ()
    restriction_exemptions: tuple[RestrictionExemption, ...] = ()
    zones: tuple[PhoneZone, ...] = ()
    emergency: EmergencySettings = EmergencySettings()
    account_codes: AccountCodePolicy | None = None
    virtual_operator: Target | None = None
    speed_codes: tuple[SpeedCode, ...] = ()
    series_completions: tuple[tuple[str, ...], ...] = ()
    instant_group_calls: tuple[InstantGroupCall, ...] = ()
    """Each series' lines in order (RTE-11)."""
    pickup_groups: tuple[PickupGroup, ...] = ()
    park_groups: tuple[ParkGroup, ...] = ()
    external_calls: ExternalCallSettings = ExternalCallSettings()
    authorization_codes: tuple[AuthorizationCode, ...] = ()
    authorization_key: str = ""
    """The key of the authorization codes' HMAC for this enterprise (derived by the service, never the secret)."""
    internal_messaging_only: bool = False
    show_internal_extensions: bool = True
    """RTE-16. Neither changes where a call goes: the first limits messages (not calls) to the enterprise, the second
    what the portal shows; they are here so the snapshot is the enterprise's whole configuration."""

    @cached_property
    def users_by_id(self) -> Mapping[str, User]:
        return {user.id: user for user in self.users}

    @cached_property
    def departments_by_id(self) -> Mapping[str, Department]:
        return {department.id: department for department in self.departments}

    @cached_property
    def dids_by_number(self) -> Mapping[str, Did]:
        return {did.number: did for did in self.dids}

    @cached_property
    def hunt_groups_by_id(self) -> Mapping[str, HuntGroup]:
        return {group.id: group for group in self.hunt_groups}

    @cached_property
    def call_centres_by_id(self) -> Mapping[str, CallCentre]:
        return {centre.id: centre for centre in self.call_centres}

    @cached_property
    def instant_group_calls_by_id(self) -> Mapping[str, InstantGroupCall]:
        return {call.id: call for call in self.instant_group_calls}

    @cached_property
    def paging_groups_by_id(self) -> Mapping[str, PagingGroup]:
        return {group.id: group for group in self.paging_groups}

    @cached_property
    def auto_attendants_by_id(self) -> Mapping[str, AutoAttendant]:
        return {attendant.id: attendant for attendant in self.auto_attendants}

    @cached_property
    def schedules_by_id(self) -> Mapping[str, Schedule]:
        return {schedule.id: schedule for schedule in self.schedules}

    @cached_property
    def memo(self) -> dict[str, Any]:
        """Lookups a feature derives from the snapshot on first use (a snapshot never changes once built)."""
        return {}

    @cached_property
    def extensions(self) -> Mapping[str, Target]:
        """Every internal extension and what it reaches; users win over groups when two share one."""
        found: dict[str, Target] = {}
        for centre in self.call_centres:
            if centre.extension:
                found[centre.extension] = Target(TargetKind.CALL_CENTRE, centre.id)
        for paging in self.paging_groups:
            if paging.extension:
                found[paging.extension] = Target(TargetKind.PAGING_GROUP, paging.id)
        for instant in self.instant_group_calls:
            if instant.extension:
                found[instant.extension] = Target(TargetKind.INSTANT_GROUP_CALL, instant.id)
        for attendant in self.auto_attendants:
            if attendant.extension:
                found[attendant.extension] = Target(TargetKind.AUTO_ATTENDANT, attendant.id)
        for group in self.hunt_groups:
            if group.extension:
                found[group.extension] = Target(TargetKind.HUNT_GROUP, group.id)
        for user in self.users:
            if user.extension:
                found[user.extension] = Target(TargetKind.USER, user.id)
        return found


# --- The request ---------------------------------------------------------------------------------------------------


class Origin(StrEnum):
    TRUNK = "trunk"
    """From the outside world, to one of the enterprise's DIDs."""
    INTERNAL = "internal"
    """Placed by one of the enterprise's lines."""


@quick_init
@dataclass(frozen=True)
class RouteContext:
    """Live state that lives outside the engine because replicas share it; the plan says how to change it."""

    busy_user_ids: frozenset[str] = frozenset()
    hunt_positions: Mapping[str, int] = field(default_factory=dict)
    """Circular hunting: index (in the member list) of the member each group offered its last call to."""
    hunt_member_calls: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    """Uniform hunting: calls offered so far, per group then per member."""
    queue_lengths: Mapping[str, int] = field(default_factory=dict)
    """Callers waiting now, per hunt group or call centre."""
    external_calls: Mapping[str, int] = field(default_factory=dict)
    """External calls in progress per "<department id>:in" and "<department id>:out" (RTE-14 limits)."""
    blocked_user_ids: frozenset[str] = frozenset()
    """Lines blocked after too many wrong account codes (RTE-13)."""
    entropy: int = 0
    """A random number the service draws per call, for weighted hunting; fixed in tests."""


@quick_init
@dataclass(frozen=True)
class CallRequest:
    caller: str
    """The calling number (E.164 or national) for trunk calls; the caller's extension or number otherwise."""
    dialled: str
    origin: Origin
    caller_user_id: str | None = None
    """The calling line, for internal calls."""
    context: RouteContext = field(default_factory=RouteContext)


# --- Events fed to step() ------------------------------------------------------------------------------------------


@quick_init
@dataclass(frozen=True)
class DigitsPressed:
    digits: str


@quick_init
@dataclass(frozen=True)
class InputTimeout:
    """No digit before the menu's timeout, or the queue's maximum wait elapsed."""


@quick_init
@dataclass(frozen=True)
class Busy:
    pass


@quick_init
@dataclass(frozen=True)
class NoAnswer:
    pass


@quick_init
@dataclass(frozen=True)
class Unreachable:
    pass


@quick_init
@dataclass(frozen=True)
class AccountCodeEntered:
    code: str


Event = DigitsPressed | InputTimeout | Busy | NoAnswer | Unreachable | AccountCodeEntered


# --- Plans ---------------------------------------------------------------------------------------------------------


TraceParam = str | int | tuple[str, ...] | datetime
"""A trace parameter as the engine records it; tuples and instants become text only when the step is shown."""


@quick_init
@dataclass(frozen=True)
class TraceStep:
    """One decision of the route tracer (RTE-18): `msgid` (an English template with {placeholders}) and `params`
    for the portal to say it in the user's language (params named in TRANSLATED_PARAMS are themselves msgids);
    `message` is the English text for the API, rendered only when asked for, so routing a call formats nothing."""

    feature: str
    code: str
    msgid: str
    params: Mapping[str, TraceParam] = field(default_factory=dict)

    @property
    def message(self) -> str:
        return render_trace(self.msgid, wire_params(self.params))


TRANSLATED_PARAMS = frozenset({"kind", "call_class", "event", "stage", "weekday", "level"})
"""Trace parameters whose value is an English word the portal translates too (such as "auto attendant")."""


def wire_params(params: Mapping[str, TraceParam]) -> dict[str, str | int]:
    """A step's params as JSON values: a tuple becomes a comma-separated list, an instant its local date and time."""
    out: dict[str, str | int] = {}
    for name, value in params.items():
        if isinstance(value, tuple):
            out[name] = ", ".join(value)
        elif isinstance(value, datetime):
            out[name] = value.strftime("%Y-%m-%d %H:%M %Z").rstrip()
        elif isinstance(value, int):
            out[name] = value
        else:
            out[name] = str(value)
    return out


def render_trace(msgid: str, params: Mapping[str, str | int]) -> str:
    """A step's English text; a template naming a parameter it was not given is shown as it is."""
    try:
        return msgid.format(**params)
    except (KeyError, IndexError, ValueError):
        return msgid


class Stage(StrEnum):
    """What the call is doing while it waits for the next event."""

    RINGING_USER = "ringing_user"
    RINGING_GROUP = "ringing_group"
    RINGING_EXTERNAL = "ringing_external"
    MENU = "menu"
    DIRECTORY = "directory"
    ACCOUNT_CODE = "account_code"
    AUTHORIZATION_CODE = "authorization_code"
    QUEUED = "queued"
    DONE = "done"


@quick_init
@dataclass(frozen=True)
class CallState:
    """What the media side hands back to step() with the next event; opaque to it."""

    request: CallRequest
    stage: Stage
    ref: str = ""
    """The user, group, auto attendant or queue the stage is about."""
    menu_id: str = ""
    destination: str = ""
    """The number waiting for an account code, and its class."""
    call_class: CallClass | None = None
    forwarded_by: str = ""
    """The user whose forward sent the call to an external number (their voicemail takes it if that fails)."""
    visited: tuple[str, ...] = ()
    hops: int = 0
    attempts: int = 0


class ContactKind(StrEnum):
    USER = "user"
    """A line: the front rings every device registered for that user id."""
    EXTERNAL = "external"
    """An E.164 number (or an emergency short number) reached through a trunk."""


@quick_init
@dataclass(frozen=True)
class Contact:
    kind: ContactKind
    address: str
    confirm_answer: bool = False


class RingMode(StrEnum):
    SEQUENTIAL = "sequential"
    SIMULTANEOUS = "simultaneous"


@quick_init
@dataclass(frozen=True)
class HuntPositionUpdate:
    group_id: str
    position: int


@quick_init
@dataclass(frozen=True)
class HuntMemberCallCounted:
    group_id: str
    user_id: str


@quick_init
@dataclass(frozen=True)
class ExternalCallCounted:
    key: str
    """"<department id>:in" or "<department id>:out", as in RouteContext.external_calls."""


@quick_init
@dataclass(frozen=True)
class LineBlocked:
    user_id: str
    reason: str


StateUpdate = HuntPositionUpdate | HuntMemberCallCounted | ExternalCallCounted | LineBlocked


@quick_init
@dataclass(frozen=True)
class EmergencyNotice:
    channel: NotificationChannel
    address: str
    caller_user_id: str
    number: str


@quick_init
@dataclass(frozen=True, kw_only=True)
class PlanBase:
    trace: tuple[TraceStep, ...] = ()
    """Every decision from the start of the call (or of the step) to this plan, in order."""
    state: CallState | None = None
    """To hand back to step() with the next event; its stage is DONE when no event can follow."""
    updates: tuple[StateUpdate, ...] = ()
    """Shared state to change when this plan starts; a fallback's updates never repeat its parent's."""


@quick_init
@dataclass(frozen=True, kw_only=True)
class Ring(PlanBase):
    contacts: tuple[Contact, ...]
    mode: RingMode
    timeout_seconds: int
    """Per contact when sequential, for all together when simultaneous."""
    fallback: Plan | None = None
    """What happens when nobody answers (the same plan step() gives for NoAnswer)."""
    call_class: CallClass = CallClass.INTERNAL
    paging: bool = False
    account_code: str | None = None
    notifications: tuple[EmergencyNotice, ...] = ()
    carrier_code: str | None = None
    """The carrier access code the trunk dials before the number (RTE-14); None: the number as is."""


@quick_init
@dataclass(frozen=True, kw_only=True)
class PlayMenu(PlanBase):
    menu_id: str
    prompt: str
    max_digits: int = 1
    timeout_seconds: int = 5
    language: str = "fr"


@quick_init
@dataclass(frozen=True, kw_only=True)
class AskAccountCode(PlanBase):
    min_length: int
    max_length: int
    attempts_left: int
    purpose: str = "account"
    """"account" (an account code for the bill) or "authorization" (a code that allows the call, RTE-13)."""


@quick_init
@dataclass(frozen=True, kw_only=True)
class Voicemail(PlanBase):
    mailbox: str
    language: str = "fr"


@quick_init
@dataclass(frozen=True, kw_only=True)
class VoicemailBox(PlanBase):
    """A line's own voicemail box by phone (MED-04): the worker asks the PIN (checked by accounts) and then plays,
    deletes and skips messages; ``pin_attempts`` wrong PINs end the call."""

    mailbox: str
    language: str = "fr"
    pin_attempts: int = 3


@quick_init
@dataclass(frozen=True, kw_only=True)
class Reject(PlanBase):
    reason: str
    sip_code: int


@quick_init
@dataclass(frozen=True, kw_only=True)
class Queue(PlanBase):
    queue_id: str
    position: int
    max_wait_seconds: int
    music: str | None = None
    then: Plan | None = None
    """What happens when the wait runs out (the same plan step() gives for InputTimeout)."""
    agents: tuple[Contact, ...] = ()
    """A call centre's logged-in agents, in order, whom the queue offers the call (RTE-09)."""


@quick_init
@dataclass(frozen=True, kw_only=True)
class Pickup(PlanBase):
    """Answer a call ringing at one of `user_ids` from the caller's phone (RTE-10): all the members of the caller's
    pickup group, or the one line a directed pickup names. Media knows which lines ring; none: it says so."""

    user_ids: tuple[str, ...]
    group_id: str
    directed: bool = False


@quick_init
@dataclass(frozen=True, kw_only=True)
class Park(PlanBase):
    """Park the caller's other party (the call this one transfers) on a free slot (media calls routing's park_call);
    it rings back the parker after `recall_seconds` (RTE-10)."""

    group_id: str
    recall_seconds: int


@quick_init
@dataclass(frozen=True, kw_only=True)
class RetrieveParked(PlanBase):
    """Take back the call parked on `slot` (media calls routing's retrieve_parked) (RTE-10)."""

    group_id: str
    slot: int


Plan = Ring | PlayMenu | AskAccountCode | Voicemail | VoicemailBox | Reject | Queue | Pickup | Park | RetrieveParked
