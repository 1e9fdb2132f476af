assets = []
