# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The one exception the pure core raises for bad input: every problem found, each naming the input at fault.

Each layer subclasses it (``RecordError``, ``SpfError``, ``PlanError``...) only to say where the
problems were found; callers that do not care catch ``ProblemsError``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ProblemsError(ValueError):
    """``problems`` lists every problem found, so one run reports them all."""

    def __init__(self, problems):
        if isinstance(problems, (list, tuple)):
            self.problems = [str(problem) for problem in problems]
        else:
            self.problems = [str(problems)]
        super(ProblemsError, self).__init__("; ".join(self.problems))
