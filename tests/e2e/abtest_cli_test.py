"""mroi abtest end to end (filled in by issue 8)."""
import unittest

if __name__ == "__main__":
    unittest.main()
