"""Results: each category's ranking explained (``ranking``), the page where placements are
confirmed, and the lead judge's casting decision for ties the rules cannot break."""
