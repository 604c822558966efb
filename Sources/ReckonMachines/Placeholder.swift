import ReckonNN
