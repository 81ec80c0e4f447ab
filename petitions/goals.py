"""A petition's goal raises itself in steps when reached: 100 → 250 → 500 → 1,000 → 2,500 → ..."""

MANTISSAS = (1, 2.5, 5)


def goal_steps(start=100):
    """Yield the 1-2.5-5 series of goals from `start` upward, starting with `start` itself."""
    yield start
    magnitude = 1
    while True:
        for mantissa in MANTISSAS:
            step = int(mantissa * magnitude)
            if step > start:
                yield step
        magnitude *= 10


def current_goal(count, start=100):
    """The first step above `count`: the goal shown beside the count."""
    for step in goal_steps(start):
        if step > count:
            return step


def milestone_reached(count, start=100):
    """The highest step that `count` has reached, or None before the first."""
    reached = None
    for step in goal_steps(start):
        if step > count:
            return reached
        reached = step
