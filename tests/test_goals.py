import pytest

from petitions import goals


@pytest.mark.parametrize(
    ("count", "goal", "milestone"),
    [
        (0, 100, None),
        (99, 100, None),
        (100, 250, 100),
        (249, 250, 100),
        (250, 500, 250),
        (999, 1000, 500),
        (1000, 2500, 1000),
        (123_456, 250_000, 100_000),
    ],
)
def test_goal_raises_itself_in_steps(count, goal, milestone):
    assert goals.current_goal(count) == goal
    assert goals.milestone_reached(count) == milestone


def test_a_petition_with_a_bigger_first_goal_starts_there():
    assert goals.current_goal(0, start=300) == 300
    assert goals.current_goal(300, start=300) == 500
    assert goals.milestone_reached(299, start=300) is None


def test_petition_goal_follows_its_count(petition):
    petition.signature_count = 100
    assert petition.current_goal == 250
    assert petition.milestone == 100
    assert petition.progress_percent == 40
