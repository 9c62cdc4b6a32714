"""Case narratives: written by rules from the computed reasons, or by an LLM through the smart router."""
