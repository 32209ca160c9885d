"""What the test modules share: paths, data writers, fakes, servers and the browser harness.

Test modules import from here, never from one another (nor from `conftest.py`, which only
holds fixtures).
"""
