"""The family view: the meeting in large, plain type on the screen the family sees."""
