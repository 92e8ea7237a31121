"""Shared fixtures: the real extractor is loaded once per session (the spaCy model is slow to load)."""

from __future__ import annotations

import datetime as dt

import pytest

from diplograph.loaders.records import Article


@pytest.fixture(scope="session")
def extractor():
    from diplograph.loaders.pipeline import Extractor

    return Extractor()


@pytest.fixture(scope="session")
def gazetteer():
    from diplograph.loaders.actors import load_gazetteer

    return load_gazetteer()


@pytest.fixture
def extract(extractor):
    """extract(text, date="2023-09-19") -> set of (subject id, relation, object id)."""

    def run(text: str, date: str = "2023-09-19"):
        stances = extractor.extract(Article(text, dt.date.fromisoformat(date), "test"))
        return {(s.subject.id, s.relation, s.object.id) for s in stances}

    return run
