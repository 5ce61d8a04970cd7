"""The Parity page and the Overview's Parity card (issue 14, part 2)."""
