"""Recognition: publicity texts about partners and the public partner page (see recognition_models)."""
