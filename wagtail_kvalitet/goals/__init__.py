"""The goal chain (målkedja): measurement periods, goal status and its roll-up, imports of figures."""
