"""The ids the TRE method is built from: how to stop, the tremor invitation and positions, practice."""

HOW_TO_STOP = "how-to-stop-tremoring"
PRACTISE_STOPPING = "practise-stopping"
INVITATION = "tre-tremor-invitation"
# In order of preference; the side-lying position serves those who should not lie on the back.
TREMOR_POSITIONS = ("tre-tremor-position", "tre-tremor-side-lying")
# The brakes said for a tremor on the side: the knees already rest together there and the feet
# cannot be set flat, so the usual brakes would ask for what the body cannot do.
BRAKES_ON_THE_SIDE = "on-your-side"
