"""The audit trail: services (writing), selectors (reading), readable (names for a reader), actions (the registry
of action names: each app names the actions it writes in its own ``audit_actions`` module, discovered on first
use; see ``sibina.audit.actions``)."""
