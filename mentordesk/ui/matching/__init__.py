"""The matching screen: proposals, their explanations and the decisions on them."""
