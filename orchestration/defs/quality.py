assets = []
asset_checks = []
