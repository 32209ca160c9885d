"""newsrag tests."""
