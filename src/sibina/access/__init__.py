"""Access, in one place: the role rules and every permission-checked loader (``access_<thing>(user, id)``).

Pages, the REST API to come, exports and background jobs fetch objects only through these loaders, so none of
them can forget a rule. Whose records a role sees is ``sibina.people.scope``; what a role may open or do is
decided here.

**Tenant-safe by construction.** Every scope names the account's instansi (docs/decisions/0012-tenant-scope.md)
and every loader puts it in the query itself (``scoped_get`` over a queryset filtered by the scope), so an object
of another instansi is never fetched, only "not found". Services that change state check the actor's instansi
again (``sibina.people.scope.require_actor_instansi``).

Denials go through ``deny``: it writes an ``access.denied`` audit event saying what was asked, then answers

* **404** when the object exists but lies outside the account's scope (the answer is the same as for an object
  that does not exist, so nothing is revealed; only the real attempt is logged), or
* **403** when the role may not do this at all (whatever the object; checked before the object is looked up).

Anonymous visitors are sent to the login page first (``login_required``). An account in no role group sees only
the home page, which tells it to ask BKPSDM for a role; every other page is 403 for it. Every URL pattern has
exactly one role rule; ``tests/web/test_url_roles.py`` walks the URL conf and compares with this table.

====================================  =========  ==============  ==============  ==============  ===========
page                                  BKPSDM     auditor, PPK    Kepala OPD      atasan          pegawai
====================================  =========  ==============  ==============  ==============  ===========
home                                  all        all             OPD figures     own team        self
employees list / detail / plan part   all        all             OPD subtree     team + self     self
unit tree (organisation structure)    all        all             all             all             all
needs overview (city), plan cycle,    all        all             302 to the      403             403
plan of the city                                                 OPD's part
needs per unit, plan per OPD          all        all             own subtree     403             403
plan document (PDF/XLSX) of an OPD    any OPD    any OPD         own OPD         403             403
plan document of the city (a job)     yes        yes             403             403             403
JP ledger                             all        all             OPD only        403             403
scenario comparison                   all        all             OPD row only    403             403
optimisation runs                     all        all             403             403             403
plan per activity                     all        all             OPD's people    team + self     self
catalogue (list, detail)              all        all             all             all             all
catalogue workbook (XLSX download)    yes        403             403             403             403
proposals: own page and supervisor    yes        read, no form   yes             yes             own only
inbox
proposals: BKPSDM verification inbox  yes        read, no form   403             403             403
import records                        yes        yes             403             403             403
approval cycle: stage                 yes        yes             yes             yes             yes
approval cycle: per-OPD figures and   all OPDs   all OPDs        own OPD's row   none            none
review comments
approval: what changed (diff)         all        all             OPD's people    team + self     self
an OPD's review page                  all        all             own OPD only    403             403
coaching list / assignment            all        all (read)      OPD subtree     team + self     own + given
classes (list, class page)            all        all (read)      403             403             403
commitment of their people            all        all             OPD subtree     team + self     403
my development (own invitations)      own        own             own             own             own
completion evidence (a file)          all        all             OPD subtree     team + self     self
development claims to verify         all        all (read)      OPD subtree     team + self     403
                                                                 (read)          (read)
a development claim's evidence        all        all             OPD subtree     team + self     self
budget absorption (+ CSV/XLSX)        all        all             own OPD's part  403             403
change project: own (write, report)   own        403 (writes)    own             own             own
change projects I mentor (confirm)    mentored   403 (writes)    mentored        mentored        mentored
change projects of a class            all        all (read)      403             403             403
commitment figures                    all OPDs   all OPDs        own OPD         own team        403
leaders' dashboard                    any unit   any unit        own OPD         own team        403
leaders' engagement                   all OPDs   all OPDs        own OPD         403             403
public satisfaction (SKM): periods,   all        all             own OPD         403             403
a unit's IKM over time                                               subtree
audit trail (list, CSV)               yes        auditor: yes,   403             403             403
                                                 PPK: 403
class evaluation (L1 rate, L2 scores)  write      read            403             403             403
own class questionnaire (L1)          own        403 (writes)    own             own             own
behaviour rating (L3)                 own/subord.403 (writes)    own/subord.     own/subord.     own
quarterly monitoring, obstacles       all OPDs   all OPDs        own OPD         403             403
====================================  =========  ==============  ==============  ==============  ===========

"all" is always all *of the account's instansi*. Writes. Only BKPSDM imports files, runs the needs analysis,
starts optimisations, downloads the catalogue workbook, verifies proposals, and puts a plan up for approval,
sends, consolidates and amends it (403 for every other role, before the object is looked up); only the PPK sets
it; only the Kepala OPD decides their own OPD's review (lock, exclude, swap, withdraw, approve or return). A
supervisor (BKPSDM, Kepala OPD or atasan role) endorses proposals of their own direct subordinates in scope; an
employee proposes for themself (and a supervisor for a direct subordinate). Assigning a coach is for BKPSDM,
Kepala OPD and atasan; logging a session for the coach/mentor, the employee's supervisor and BKPSDM. The auditor
and the PPK submit nothing on these pages: each POST they try is 403 and logged (the PPK's own write, setting
the plan, is the approval page's; asking for the city's plan document is a read, run as a job, and theirs too).

The Kepala OPD decision for city-wide pages (needs overview, plan cycle, plan of the city): a redirect to their
OPD's part rather than a 403, because that part is exactly what they came for (the year's latest base plan;
404 while none has been optimised); a Kepala OPD whose account has no OPD gets 403. The command line
(``sibina ...``) is an operator tool run on the server by whoever administers it; it has no roles and is not
checked here.

Modules, by topic: ``core`` (deny, scope, role rules, the scoped fetch), ``people``, ``imports``,
``proposals``, ``plans``, ``approvals``, ``coaching``, ``delivery``, ``commitment``, ``menu``.
"""

from sibina.access.approvals import access_persetujuan, access_review, visible_review_rows
from sibina.access.coaching import access_penugasan, may_assign_for, may_commit, may_log
from sibina.access.commitment import access_mentor_tonggak, access_own_aksi, access_own_tonggak
from sibina.access.core import (
    ALL_ROLES,
    BKPSDM_ONLY,
    DECIDERS,
    DENIED,
    LEADER_ROLES,
    READ_ONLY,
    UNIT_ROLES,
    User,
    audit_tenant,
    can_decide_proposals,
    covers_pegawai,
    covers_unit,
    deny,
    in_instansi,
    is_bkpsdm,
    kepala_opd,
    pegawai_q,
    require_bkpsdm,
    require_role,
    require_writer,
    scoped_get,
    unit_q,
    user_scope,
)
from sibina.access.delivery import (
    TEAM_ROLES,
    access_bukti,
    access_kelas,
    access_klaim,
    access_own_peserta,
)
from sibina.access.evaluation import access_evaluasi_run
from sibina.access.imports import (
    access_batch,
    access_pemetaan,
    can_import,
    can_read_imports,
    require_import,
    require_import_read,
)
from sibina.access.menu import Menu, menu_for
from sibina.access.people import access_instansi, access_pegawai, access_unit, user_pegawai
from sibina.access.plans import (
    access_cycle,
    access_dokumen,
    access_kegiatan,
    access_plan,
    access_plan_kegiatan,
    access_plan_opd,
    access_plan_unit,
    access_solver_run,
    can_open_plan,
    can_optimise,
    require_optimise,
)
from sibina.access.proposals import access_usulan_as_bkpsdm, access_usulan_as_supervisor, proposal_subjects
from sibina.people.scope import WIDE_ROLES, Scope, can_see_nik, visible_cell

__all__ = [
    "ALL_ROLES",
    "BKPSDM_ONLY",
    "DECIDERS",
    "DENIED",
    "LEADER_ROLES",
    "READ_ONLY",
    "TEAM_ROLES",
    "UNIT_ROLES",
    "WIDE_ROLES",
    "Menu",
    "Scope",
    "User",
    "access_batch",
    "access_bukti",
    "access_cycle",
    "access_dokumen",
    "access_evaluasi_run",
    "access_instansi",
    "access_kegiatan",
    "access_kelas",
    "access_klaim",
    "access_mentor_tonggak",
    "access_own_aksi",
    "access_own_peserta",
    "access_own_tonggak",
    "access_pegawai",
    "access_pemetaan",
    "access_penugasan",
    "access_persetujuan",
    "access_plan",
    "access_plan_kegiatan",
    "access_plan_opd",
    "access_plan_unit",
    "access_review",
    "access_solver_run",
    "access_unit",
    "access_usulan_as_bkpsdm",
    "access_usulan_as_supervisor",
    "audit_tenant",
    "can_decide_proposals",
    "can_import",
    "can_open_plan",
    "can_optimise",
    "can_read_imports",
    "can_see_nik",
    "covers_pegawai",
    "covers_unit",
    "deny",
    "in_instansi",
    "is_bkpsdm",
    "kepala_opd",
    "may_assign_for",
    "may_commit",
    "may_log",
    "menu_for",
    "pegawai_q",
    "proposal_subjects",
    "require_bkpsdm",
    "require_import",
    "require_import_read",
    "require_optimise",
    "require_role",
    "require_writer",
    "scoped_get",
    "unit_q",
    "user_pegawai",
    "user_scope",
    "visible_cell",
    "visible_review_rows",
]
