"""The CRF reference parser: the error kinds of issue #13, the shipped model, and training."""

from __future__ import annotations

import time

import numpy as np
import pytest

from claimscope.citations.crf import load_model, model_from_arrays, save_model, token_features
from claimscope.citations.references import family_names, parse_reference
from claimscope.citations.train_references import OWN, read_labelled, train_arrays
from claimscope.errors import ClaimscopeError, ReferenceModelError
from claimscope.resources import read_arrays

from .conftest import ROOT

# (reference string, authors, year, title, venue); None where the field must be None
KINDS = {
    "no year": (
        "World Health Organization. Guidelines on physical activity and sedentary behaviour. "
        "Geneva: World Health Organization.",
        "World Health Organization", None,
        "Guidelines on physical activity and sedentary behaviour", "World Health Organization"),
    "organisation as author": (
        "Gezondheidsraad. Beweegrichtlijnen. Den Haag: Gezondheidsraad; 2017.",
        "Gezondheidsraad", 2017, "Beweegrichtlijnen", "Gezondheidsraad"),
    "natural-order names": (
        "Lars Andersson and Pieter Blue. Back pain in Swedish farmers. Scand J Work Environ "
        "Health. 2011;37(2):120-8.",
        "Andersson; Blue", 2011, "Back pain in Swedish farmers", "Scand J Work Environ Health"),
    "author-date without brackets": (
        "Chambers, J. K. 1992. Dialect acquisition. Language 68: 673–705.",
        "Chambers", 1992, "Dialect acquisition", "Language"),
    "Chicago author. year. title.": (
        "Smith, John. 2004. The Long Road. New York: Norton.",
        "Smith", 2004, "The Long Road", "Norton"),
    "comma-separated book": (
        "Williams, Raymond, Keywords: A Vocabulary of Culture and Society, Oxford: Blackwell, "
        "2002.",
        "Williams", 2002, "Keywords: A Vocabulary of Culture and Society", "Blackwell"),
    "trans. is not the title": (
        "Freud, S. The Interpretation of Dreams. Trans. J. Strachey. New York: Basic Books, 1955.",
        "Freud", 1955, "The Interpretation of Dreams", "Basic Books"),
    "ed. is not the title": (
        "Gadamer, H.-G. Truth and Method. 2nd ed. London: Sheed and Ward, 1989.",
        "Gadamer", 1989, "Truth and Method", "Sheed and Ward"),
    "volume word not glued to the venue": (
        "Dupont, Marie. « La santé des enfants en France ». Revue française de pédiatrie, vol. 12, "
        "2004, p. 33-41.",
        "Dupont", 2004, "La santé des enfants en France", "Revue française de pédiatrie"),
    "chapter (In: … editor.)": (
        "Jansen K. Ziekteleer. In: de Vries P, editor. Handboek huisartsgeneeskunde. Houten: "
        "Bohn Stafleu van Loghum; 2010. p. 12-30.",
        "Jansen", 2010, "Ziekteleer", None),
    "proceedings": (
        "Lee K, Park J. Deep learning for triage. In: Proceedings of the 12th International "
        "Conference on Health Informatics; 2019 Feb 22-24; Prague. p. 45-52.",
        "Lee; Park", 2019, "Deep learning for triage",
        "Proceedings of the 12th International Conference on Health Informatics"),
    "year before 1800": (
        "Harvey, W. 1628. Exercitatio anatomica de motu cordis et sanguinis in animalibus. "
        "Frankfurt: Fitzer.",
        "Harvey", 1628, "Exercitatio anatomica de motu cordis et sanguinis in animalibus",
        "Fitzer"),
    "locale format (№, с.)": (
        "Petrov, A. Back pain treatment. Neurology Bulletin, 2015, № 39, с. 448.",
        "Petrov", 2015, "Back pain treatment", "Neurology Bulletin"),
    "GOST title // journal": (
        "Иванов И. И. Лечение боли в спине // Вестник неврологии. 2015. № 39, с. 448–452.",
        "Иванов", 2015, "Лечение боли в спине", "Вестник неврологии"),
    "Dutch access date is not the year": (
        "Nederlandse Hartstichting. Hartfalen. Geraadpleegd op 14 mei 2024, van "
        "https://www.hartstichting.nl/hartfalen",
        "Nederlandse Hartstichting", None, "Hartfalen", None),
    "Spanish [Internet] … Disponible en": (
        "Castro Gómez R, Prieto A. Migraña en urgencias. Rev Esp Neurol [Internet]. 2021 "
        "[citado 3 feb 2024];14(2):77-84. Disponible en: http://www.revneurol.es/mig2021",
        "Castro Gómez; Prieto", 2021, "Migraña en urgencias", "Rev Esp Neurol"),
}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_reference_error_kinds(kind):
    text, authors, year, title, venue = KINDS[kind]
    got = parse_reference(text)
    assert got["authors"] == authors, got
    assert got["year"] == year, got
    assert got["title"] == title, got
    if venue is not None:
        assert got["venue"] == venue, got


def test_family_names_in_the_common_styles():
    assert family_names("Romero, C., Paunesku, D., & Dweck, C.") == ["Romero", "Paunesku", "Dweck"]
    assert family_names("Pérez-Higueras JJ, Arias A, de la Macorra JC, Peters OA.") == [
        "Pérez-Higueras", "Arias", "de la Macorra", "Peters"]
    assert family_names("S. E. Han, G. Chen,") == ["Han", "Chen"]
    assert family_names("Compston, Alastair, and Alasdair Coles.") == ["Compston", "Coles"]
    assert family_names("Kaptchuk, Ted J., et al.") == ["Kaptchuk"]
    assert family_names("NIH Consensus Conference.") == ["NIH Consensus Conference"]
    assert family_names("Grupo PINS.") == ["Grupo PINS"]
    assert family_names("NHG-werkgroep Schouderklachten.") == ["NHG-werkgroep Schouderklachten"]
    assert family_names("Qaseem A, Wilt TJ; Clinical Guidelines Committee of the American "
                         "College of Physicians.")[-1] == ("Clinical Guidelines Committee of the "
                                                           "American College of Physicians")


def test_parsing_is_cheap():
    text = KINDS["natural-order names"][0]
    parse_reference(text)
    start = time.perf_counter()
    for _ in range(50):
        parse_reference(text)
    assert (time.perf_counter() - start) / 50 < 0.05  # measured ~2.5 ms


def test_the_shipped_model_is_plain_arrays():
    model = load_model()
    assert {"author", "date", "title", "journal", "container-title", "publisher"} <= set(
        model.labels)
    assert model.transitions.shape == (len(model.labels),) * 2


def test_a_damaged_model_file_names_the_file(tmp_path):
    bad = tmp_path / "model.npz"
    bad.write_bytes(b"not a zip")
    with pytest.raises(ReferenceModelError, match="model.npz") as err:
        load_model(str(bad))
    assert isinstance(err.value, ClaimscopeError)


def test_training_is_deterministic_and_numpy_viterbi_matches_crfsuite(tmp_path):
    import pycrfsuite

    seqs = read_labelled(ROOT / OWN)[:40]
    first = save_model(train_arrays(seqs), tmp_path / "a.npz")
    second = save_model(train_arrays(seqs), tmp_path / "b.npz")
    assert first.read_bytes() == second.read_bytes()
    model = model_from_arrays(read_arrays(first), str(first))
    # the same weights through crfsuite's own tagger
    trainer = pycrfsuite.Trainer(algorithm="lbfgs", verbose=False)
    for tokens, labels in seqs:
        trainer.append(pycrfsuite.ItemSequence(token_features(tokens)), labels)
    from claimscope.citations.train_references import PARAMS
    trainer.set_params(PARAMS)
    trainer.train(str(tmp_path / "m.crfsuite"))
    tagger = pycrfsuite.Tagger()
    tagger.open(str(tmp_path / "m.crfsuite"))
    for tokens, _ in read_labelled(ROOT / OWN)[40:70]:
        feats = token_features(tokens)
        assert model.tag(feats) == tagger.tag(pycrfsuite.ItemSequence(feats))
    assert np.isfinite(model.state).all()


def test_after_quote_follows_a_closing_quote_only():
    """A token of punctuation only ("," or ".") closes no quote (the empty rest of "," once
    counted as a quote character, since "" is in every string)."""
    from claimscope.citations.crf import token_features, tokenize

    spaced = "Jansen P , de Vries K . Pijn en zenuwen . Tijdschrift voor Pijn 2020 ; 12 : 33-40 ."
    tokens = [t[0] for t in tokenize(spaced)]
    assert not any("after_quote" in f for f in token_features(tokens))
    quoted = 'Smith J. (2019). "Neural therapy works." Journal of Pain, 3(2), 1-5.'
    tokens = [t[0] for t in tokenize(quoted)]
    after = [t for t, f in zip(tokens, token_features(tokens), strict=True) if "after_quote" in f]
    assert after == ["Journal", "of", "Pain,", "3(2),", "1-5."]
