print("crmwh")
