import glob
import re

import docutils.core
import testtools

# Added to the template in 2025.1.
OPTIONAL_SECTIONS = ('History',)


class TestTitles(testtools.TestCase):
    def _check_titles(self, filename, expect, actual):
        # Older specs get a pass.
        allowed_extra = ['Implementation', 'Dependencies']
        missing = [x for x in expect if x not in actual and x not in OPTIONAL_SECTIONS]
        extra = [x for x in actual if x not in expect and x not in allowed_extra]
        self.assertEqual((missing, extra), ([], []), filename)

    def _check_lines_wrapping(self, tpl, raw):
        code_block = False
        for i, line in enumerate(raw.split("\n")):
            if code_block:
                if not line or line.startswith(" "):
                    continue
                code_block = False
            if "::" in line:
                code_block = True
            if "http://" in line or "https://" in line:
                continue
            self.assertTrue(len(line) < 80, "%s:%d: line too long" % (tpl, i + 1))

    def test_template(self):
        for filename in glob.glob('specs/*/*.rst'):
            with open(filename) as f:
                data = f.read()
            titles = docutils.core.publish_doctree(data)
            self._check_lines_wrapping(filename, data)
