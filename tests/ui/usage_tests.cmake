# Widget tests of the usage area.
