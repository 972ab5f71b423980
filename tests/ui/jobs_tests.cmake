# Widget tests of the jobs area.
