"""mroi plan reverse end to end (filled in by issue 7)."""
import unittest

if __name__ == "__main__":
    unittest.main()
