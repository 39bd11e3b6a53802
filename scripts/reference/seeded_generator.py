"""ResidualEngine's SeededGenerator in Python: the reference scripts draw the same random numbers
as the lessons' Swift code (SplitMix64, and Marsaglia's polar method for normals)."""

import math

MASK = (1 << 64) - 1


class SeededGenerator:
    """SplitMix64 and Marsaglia's polar method, as ResidualEngine's SeededGenerator."""

    def __init__(self, seed):
        self.state = seed & MASK
        self.spare = None

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def unit(self):
        return (self.next() >> 11) * 2.0**-53

    def normal(self):
        if self.spare is not None:
            s, self.spare = self.spare, None
            return s
        while True:
            u = 2 * self.unit() - 1
            v = 2 * self.unit() - 1
            s = u * u + v * v
            if 0 < s < 1:
                factor = math.sqrt(-2 * math.log(s) / s)
                self.spare = v * factor
                return u * factor
