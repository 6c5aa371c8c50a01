// layer identity
