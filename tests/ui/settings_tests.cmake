# Widget tests of the settings area.
