"""The package's surface: every public name exists and has a docstring with an example."""
from __future__ import annotations

import mroi


def test_public_names_have_docstrings_with_examples() -> None:
    functions = [mroi.run, mroi.clean, mroi.attribute, mroi.abtest, mroi.clv.fit,
                 mroi.clv.predict, mroi.plan.reverse, mroi.Run]
    for function in functions:
        doc = function.__doc__ or ""
        assert "Example" in doc, function.__qualname__
    for name in mroi.__all__:
        assert hasattr(mroi, name), name
    assert mroi.INPUT_KINDS[0] == "touchpoints"
