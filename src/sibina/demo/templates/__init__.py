"""What the synthetic city is made of: units under Binjai's OPDs (org) and the posts people hold (jabatan)."""

from sibina.demo.templates.jabatan import *  # noqa: F403
from sibina.demo.templates.org import *  # noqa: F403
