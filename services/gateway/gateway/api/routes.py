"""Every /api/v1 operation, once: the service wires its handlers from here and the OpenAPI document is built
from here, so the two cannot drift apart."""

from __future__ import annotations

from dataclasses import dataclass

from marshmallow import Schema

from gateway.api import schemas as s


@dataclass(frozen=True)
class ApiRoute:
    method: str
    path: str  # werkzeug rule syntax; ids use the uuid converter, so a malformed id is a plain 404
    operation_id: str
    summary: str
    tag: str
    response: type[Schema] | None
    status: int = 200
    body: type[Schema] | None = None
    auth: bool = True
    features: tuple[str, ...] = ()
    query: type[Schema] | None = None
    backend: str = "accounts"  # the service whose Backend the handler receives; "backends": all of them

    @property
    def openapi_path(self) -> str:
        path = self.path
        for converter in ("uuid:", "string:"):
            path = path.replace(f"<{converter}", "<")
        return path.replace("<", "{").replace(">", "}")

    @property
    def path_params(self) -> list[str]:
        return [part[1:-1].split(":")[-1] for part in self.path.split("/") if part.startswith("<")]


def op(
    method: str,
    path: str,
    operation_id: str,
    summary: str,
    tag: str,
    response: type[Schema] | None,
    status: int = 200,
    body: type[Schema] | None = None,
    **extra: object,
) -> ApiRoute:
    return ApiRoute(method, f"/api/v1{path}", operation_id, summary, tag, response, status, body, **extra)  # type: ignore[arg-type]


CORE_ROUTES: tuple[ApiRoute, ...] = (
    # sessions and secrets
    op(
        "POST",
        "/sessions",
        "createSession",
        "Sign in; returns a bearer token",
        "Sessions",
        s.SessionCreated,
        201,
        s.SessionCreate,
        auth=False,
        features=("ACC-05",),
    ),
    op(
        "DELETE",
        "/sessions/current",
        "endSession",
        "Sign out (ends this token's session)",
        "Sessions",
        None,
        204,
        features=("ACC-05",),
    ),
    op(
        "POST",
        "/password-resets",
        "requestPasswordReset",
        "E-mail a single-use reset link (same answer whether or not the account exists)",
        "Sessions",
        None,
        202,
        s.ResetRequest,
        auth=False,
        features=("ACC-05",),
    ),
    op(
        "POST",
        "/password-resets/confirm",
        "confirmPasswordReset",
        "Set a new password with the e-mailed token",
        "Sessions",
        s.ResetDone,
        200,
        s.ResetConfirm,
        auth=False,
        features=("ACC-05",),
    ),
    # me
    op("GET", "/me", "getMe", "The signed-in user's profile", "Me", s.Profile),
    op(
        "PUT",
        "/me",
        "updateMe",
        "Change one's name, e-mail, phone and language",
        "Me",
        s.Profile,
        200,
        s.ProfileUpdate,
        features=("ACC-21", "ACC-27"),
    ),
    op(
        "PUT",
        "/me/presence",
        "setPresence",
        "Change the signed-in user's status",
        "Me",
        s.Profile,
        200,
        s.PresenceUpdate,
    ),
    op(
        "PUT",
        "/me/password",
        "changePassword",
        "Change one's password; every session of the user ends",
        "Me",
        None,
        204,
        s.PasswordChange,
        features=("ACC-06",),
    ),
    op(
        "PUT",
        "/me/pin",
        "changePin",
        "Change one's voicemail PIN (a separate secret)",
        "Me",
        None,
        204,
        s.PinChange,
        features=("ACC-06",),
    ),
    # users (what the tenancy needs; the users page comes with lines and numbers)
    op(
        "POST",
        "/users/<uuid:user_id>/unlock",
        "unlockUser",
        "Unlock an account locked by wrong passwords",
        "Users",
        s.Profile,
        features=("ACC-07",),
    ),
    op(
        "POST",
        "/users/<uuid:user_id>/act-as",
        "actAsUser",
        "Open a session as this user; returns its bearer token; "
        'everything done with it is recorded as "you acting as them"',
        "Users",
        s.SessionCreated,
        201,
        features=("ACC-14",),
    ),
    # resellers
    op(
        "GET",
        "/resellers",
        "listResellers",
        "Resellers (system administrator)",
        "Resellers",
        s.ResellerPage,
        query=s.ListQuery,
        features=("ACC-08",),
    ),
    op(
        "POST",
        "/resellers",
        "createReseller",
        "Create a reseller and, optionally, its first administrator",
        "Resellers",
        s.ResellerFull,
        201,
        s.ResellerCreateFull,
        features=("ACC-08",),
    ),
    op(
        "GET",
        "/resellers/<uuid:reseller_id>",
        "getReseller",
        "A reseller (its own administrators may read it)",
        "Resellers",
        s.ResellerFull,
        features=("ACC-08",),
    ),
    op(
        "PUT",
        "/resellers/<uuid:reseller_id>",
        "updateReseller",
        "Change a reseller",
        "Resellers",
        s.ResellerFull,
        200,
        s.ResellerWrite,
        features=("ACC-08",),
    ),
    op(
        "DELETE",
        "/resellers/<uuid:reseller_id>",
        "deleteReseller",
        "Delete a reseller that has no customers left",
        "Resellers",
        None,
        204,
        features=("ACC-08",),
    ),
    op(
        "PUT",
        "/resellers/<uuid:reseller_id>/branding",
        "updateBranding",
        "Brand name, colours and portal host name",
        "Resellers",
        s.ResellerFull,
        200,
        s.Branding,
        features=("ACC-08",),
    ),
    op(
        "PUT",
        "/resellers/<uuid:reseller_id>/logo",
        "setLogo",
        "Upload the logo (checked by content)",
        "Resellers",
        s.ResellerFull,
        200,
        s.Logo,
        features=("ACC-08",),
    ),
    # customers
    op(
        "GET",
        "/customers",
        "listCustomers",
        "Enterprises and professionals under the caller",
        "Customers",
        s.CustomerPage,
        query=s.ListQuery,
        features=("ACC-01",),
    ),
    op(
        "POST",
        "/customers",
        "createCustomer",
        "Create an enterprise or professional account with its administrator",
        "Customers",
        s.Customer,
        201,
        s.CustomerCreate,
        features=("ACC-01", "ACC-02"),
    ),
    op(
        "GET",
        "/customers/<uuid:customer_id>",
        "getCustomer",
        "An enterprise or professional account",
        "Customers",
        s.Customer,
        features=("ACC-01",),
    ),
    op(
        "PUT",
        "/customers/<uuid:customer_id>",
        "updateCustomer",
        "Change an account",
        "Customers",
        s.Customer,
        200,
        s.CustomerUpdate,
        features=("ACC-01",),
    ),
    op(
        "DELETE",
        "/customers/<uuid:customer_id>",
        "deleteCustomer",
        "Delete an account whose users have left",
        "Customers",
        None,
        204,
        features=("ACC-01",),
    ),
    op(
        "GET",
        "/customers/<uuid:customer_id>/users",
        "listCustomerUsers",
        "The users of an account",
        "Customers",
        s.UserList,
        features=("ACC-01",),
    ),
    # departments
    op(
        "GET",
        "/enterprises/<uuid:enterprise_id>/departments",
        "listDepartments",
        "The departments the caller may see, parents first",
        "Departments",
        s.DepartmentList,
        features=("ACC-20",),
    ),
    op(
        "POST",
        "/enterprises/<uuid:enterprise_id>/departments",
        "createDepartment",
        "Create a department",
        "Departments",
        s.Department,
        201,
        s.DepartmentWrite,
        features=("ACC-20",),
    ),
    op(
        "PUT",
        "/departments/<uuid:department_id>",
        "updateDepartment",
        "Rename, limits, operator number, managers",
        "Departments",
        s.Department,
        200,
        s.DepartmentWrite,
        features=("ACC-20",),
    ),
    op(
        "DELETE",
        "/departments/<uuid:department_id>",
        "deleteDepartment",
        "Delete an empty department",
        "Departments",
        None,
        204,
        features=("ACC-20",),
    ),
    # settings, delegated administrators, set-up wizard
    op(
        "GET",
        "/settings",
        "getSettings",
        "The caller's profile and account",
        "Settings",
        s.Settings,
        features=("ACC-21",),
    ),
    op(
        "PUT",
        "/settings/contact",
        "updateContact",
        "The account's contact details",
        "Settings",
        s.Customer,
        200,
        s.Contact,
        features=("ACC-21",),
    ),
    op(
        "PUT",
        "/settings/support",
        "updateSupport",
        "How a reseller's customers reach it",
        "Settings",
        s.ResellerFull,
        200,
        s.Support,
        features=("ACC-21",),
    ),
    op(
        "GET",
        "/administrators",
        "listAdministrators",
        "Administrators of the caller's account",
        "Settings",
        s.UserList,
        features=("ACC-21",),
    ),
    op(
        "POST",
        "/administrators",
        "createAdministrator",
        "Add a delegated administrator",
        "Settings",
        s.Profile,
        201,
        s.AdministratorCreate,
        features=("ACC-21",),
    ),
    op(
        "DELETE",
        "/administrators/<uuid:user_id>",
        "deleteAdministrator",
        "Remove a delegated administrator",
        "Settings",
        None,
        204,
        features=("ACC-21",),
    ),
    op("GET", "/setup", "getSetup", "Where the set-up wizard stands", "Set-up", s.SetupState, features=("ACC-25",)),
    op(
        "PUT",
        "/setup/<string:step>",
        "saveSetupStep",
        "Save one step: offer, store or billing",
        "Set-up",
        s.SetupState,
        200,
        s.SetupStep,
        features=("ACC-25",),
    ),
    # audit
    op(
        "GET",
        "/audit-log",
        "listAuditLog",
        "Changes at or under the caller's account, newest first",
        "Audit",
        s.AuditPage,
        query=s.AuditQuery,
        features=("ACC-28",),
    ),
)
