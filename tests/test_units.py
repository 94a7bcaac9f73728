"""Sentence units on the web's styles: one fixture per error kind (issue: units that hold)."""

from __future__ import annotations

import pytest

import claimscope as cs
from claimscope.parse.boilerplate import load_rules
from claimscope.parse.document import parse_text
from claimscope.parse.sentences import split_sentences

from .conftest import ROOT, SEEDS


@pytest.mark.parametrize("text, lang, units", [
    # Wikipedia-style markers after the full stop end the sentence, never cut in half
    ("Dit werkt.[3] Dat ook.", "nl", ["Dit werkt.[3]", "Dat ook."]),
    ("It works.[12][13] It is safe.[14]", "en", ["It works.[12][13]", "It is safe.[14]"]),
    ("Bij ouderen vaker. (1)(2) De kans is groot.", "nl",
     ["Bij ouderen vaker. (1)(2)", "De kans is groot."]),
    # footnote numbers glued after the full stop; "No.1" is a number, not a marker
    ("Common disorders.1 It is estimated.2,3 Afflicted people suffer.", "en",
     ["Common disorders.1", "It is estimated.2,3", "Afflicted people suffer."]),
    ("The No.1 Product for joints.", "en", ["The No.1 Product for joints."]),
    # an abbreviation's stop before lower case or a number continues; before a capital it ends
    ("Smith et al. found an effect in 18 yrs. and older.", "en",
     ["Smith et al. found an effect in 18 yrs. and older."]),
    ("Take approx. 10 mg a day.", "en", ["Take approx. 10 mg a day."]),
    ("Dit is m.i. een goede keuze.", "nl", ["Dit is m.i. een goede keuze."]),
    ("Neem zink, magnesium enz. Daarna rust.", "nl",
     ["Neem zink, magnesium enz.", "Daarna rust."]),
    # a scraped title glued to the next sentence; brand names in CamelCase stay whole
    ("The Quest for Sleep: My Experience with MelatoninLots of people sleep too little.", "en",
     ["The Quest for Sleep: My Experience with Melatonin", "Lots of people sleep too little."]),
    ("Zie scriptie-Marieke-DiemeerHaar begeleider zette de scriptie online.", "nl",
     ["Zie scriptie-Marieke-Diemeer", "Haar begeleider zette de scriptie online."]),
    ("Search PubMed or YouTube for the study.", "en", ["Search PubMed or YouTube for the study."]),
    # a journal abbreviation before year;volume:page continues the reference
    ("Zie Smith. Br J Gen Pract. 2015;65:e1. Daarna meer.", "nl",
     ["Zie Smith.", "Br J Gen Pract. 2015;65:e1.", "Daarna meer."]),
    # opening quotes belong to the next sentence: Dutch ,, and curly and straight quotes
    ("Hij wilde niets weten. ,,Het paard heeft alles gegeven.'' Klaar.", "nl",
     ["Hij wilde niets weten.", ",,Het paard heeft alles gegeven.''", "Klaar."]),
    ('He was arrested, she said. "It was not fair," he said.', "en",
     ["He was arrested, she said.", '"It was not fair," he said.']),
    ("Het helpt.“Echt waar,” zegt ze.", "nl", ["Het helpt.", "“Echt waar,” zegt ze."]),
    # ?/! + lower case rejoins only inside an open quotation
    ("are you kidding? why would you?", "en", ["are you kidding?", "why would you?"]),
    ("Ze vroeg: “Wat is dit? heeft u dat vaker?” Daarna niets.", "nl",
     ["Ze vroeg: “Wat is dit? heeft u dat vaker?”", "Daarna niets."]),
    # a quoted title that ends in ? or ! continues when lower case follows
    ("Linde publiceerde 'Are the clinical effects of homeopathy placebo effects?' van Linde & "
     "et al, waarin 89 studies.", "nl",
     ["Linde publiceerde 'Are the clinical effects of homeopathy placebo effects?' van Linde & "
      "et al, waarin 89 studies."]),
    # a source or page pointer in brackets after the stop ends the sentence before, even glued
    ("Het stimuleert het zelfgenezend vermogen. (p. 43)", "nl",
     ["Het stimuleert het zelfgenezend vermogen. (p. 43)"]),
    ("Omega-3 kan deze met 15–30% verlagen.\n(Bron: American Heart Association)Bloeddruk"
     "verlagend: kleine dalingen.", "nl",
     ["Omega-3 kan deze met 15–30% verlagen.\n(Bron: American Heart Association)",
      "Bloeddrukverlagend: kleine dalingen."]),
    ("Read this. (See attached file: TEXT.htm)", "en",
     ["Read this.", "(See attached file: TEXT.htm)"]),
    # "etc." before a capitalised word ends the sentence
    ("Leefstijl, voedingspatronen, spanning, etc.  Een behandeling heft de stagnatie op.", "nl",
     ["Leefstijl, voedingspatronen, spanning, etc.", "Een behandeling heft de stagnatie op."]),
    # a vitamin or a degree before the stop: the sentence ends; "M.D. Anderson" is a name
    ("Zelfs verrijkt met vitamine D. Extra vitamine D wordt geadviseerd.", "nl",
     ["Zelfs verrijkt met vitamine D.", "Extra vitamine D wordt geadviseerd."]),
    ("“It is groundbreaking,” says Katie Allen, MD, PhD. She's the director.", "en",
     ["“It is groundbreaking,” says Katie Allen, MD, PhD.", "She's the director."]),
    ("He works at M.D. Anderson in Houston. It is big.", "en",
     ["He works at M.D. Anderson in Houston.", "It is big."]),
    # names and addresses with a full stop or ! do not end a sentence
    ("Ik at bij Mc. Donalds gisteren. Lekker.", "nl", ["Ik at bij Mc. Donalds gisteren.",
                                                       "Lekker."]),
    ("Ik gebruik Yahoo! Mail al jaren. Top.", "nl", ["Ik gebruik Yahoo! Mail al jaren.",
                                                      "Top."]),
    ("Mail naar info@zorg.nl. Of bel.", "nl", ["Mail naar info@zorg.nl.", "Of bel."]),
    # a full stop spaCy's Dutch tokenizer takes for an abbreviation ("hand.")
    ("Dan is er niets aan de hand. Helaas gebeurt het vaak.", "nl",
     ["Dan is er niets aan de hand.", "Helaas gebeurt het vaak."]),
    ("Dit helpt o.a. bij pijn. Dr. Sarno zegt het.", "nl",
     ["Dit helpt o.a. bij pijn.", "Dr. Sarno zegt het."]),
    # a marker after a space, a note marker, never cut in half (Wikipedia, nl)
    ("Dit werkt. [3] Dat ook.", "nl", ["Dit werkt. [3]", "Dat ook."]),
    ("Dit werkt. [3] [4] Dat ook.", "nl", ["Dit werkt. [3] [4]", "Dat ook."]),
    # a year with a link word after the full stop ends the sentence before it; inside, it stays
    ("Het werkt. (2016, link) Dat ook.", "nl", ["Het werkt. (2016, link)", "Dat ook."]),
    ("Het werkt (Smith 2016, link). Dat ook.", "nl", ["Het werkt (Smith 2016, link).", "Dat ook."]),
    ("gemaakt van ziek weefsel.[noot 1] Daarnaast veronderstelt men", "nl",
     ["gemaakt van ziek weefsel.[noot 1]", "Daarnaast veronderstelt men"]),
    ("Dit is [bewerken] (figuur) [bron?] en (Stolberg, 2006) zo.", "nl",
     ["Dit is [bewerken] (figuur) [bron?] en (Stolberg, 2006) zo."]),
    # journal, year, month; volume:page continues the reference
    ("Zie Smith J. J Pain. 2017 Mar;18(3):1. Daarna meer.", "nl",
     ["Zie Smith J. J Pain. 2017 Mar;18(3):1.", "Daarna meer."]),
    # a markdown link is never split; an opening quote before it moves with it (thelist, HTML)
    ('she continued. "[Vitamins C](https://www.mayoclinic.org/a.b) are good." And so.', "en",
     ["she continued.", '"[Vitamins C](https://www.mayoclinic.org/a.b) are good."', "And so."]),
    # straight quotes by the space around them, emphasis marks and attribution dashes
    ('says Birch. "If you have to repeat it."', "en",
     ["says Birch.", '"If you have to repeat it."']),
    ('"Toxin" is pseudoscience terminology." --Ben Goldacre, M.D.', "en",
     ['"Toxin" is pseudoscience terminology."', "--Ben Goldacre, M.D."]),
    ("the food supply ever available. -- Frances M. Berg, M.S.", "en",
     ["the food supply ever available.", "-- Frances M. Berg, M.S."]),
    ("If your mind is blown, just wait. *How* they do this is mind-blowing.", "en",
     ["If your mind is blown, just wait.", "*How* they do this is mind-blowing."]),
    ("Hij zei: ,,Kom. Nu.\" Klaar.", "nl", ["Hij zei: ,,Kom.", 'Nu."', "Klaar."]),
    # ?/! closed by a quote or emphasis and then lower case continues; a comma never ends one
    ("maybe whisper a silent *“I’m sorry!”* to all the cells.", "en",
     ["maybe whisper a silent *“I’m sorry!”* to all the cells."]),
    ("de film Rust en regelmaat!, bericht nrc.next op 23 oktober.", "nl",
     ["de film Rust en regelmaat!, bericht nrc.next op 23 oktober."]),
    ("lol what? really? ok fine", "en", ["lol what?", "really?", "ok fine"]),
    # '?' standing in for lost quotes; "No. 1"; an ellipsis before a capital ends a sentence
    ("Dat geeft een soort ?kramp? gevoel.", "nl", ["Dat geeft een soort ?kramp? gevoel."]),
    ("heart disease is the No. 1 cause of death.", "en",
     ["heart disease is the No. 1 cause of death."]),
    ("keto, intermittent fasting, juice cleanses… Instagram staat vol.", "nl",
     ["keto, intermittent fasting, juice cleanses…", "Instagram staat vol."]),
    ("Mail me at john.doe@gmail.com. Thanks.", "en", ["Mail me at john.doe@gmail.com.", "Thanks."]),
    # two dots or an ellipsis after a word or comma before a capital end a sentence (EWT)
    ("I do not find the term in our agreement.. The term is elsewhere.", "en",
     ["I do not find the term in our agreement..", "The term is elsewhere."]),
    ("the success of Mozilla over the past years,... Great to have you!", "en",
     ["the success of Mozilla over the past years,...", "Great to have you!"]),
])
def test_units_of_each_kind(text, lang, units):
    assert [text[a:b] for a, b in split_sentences(text, lang)] == units


def _uncovered(corpus) -> list[tuple[str, str]]:
    """Non-whitespace characters in no unit and no boilerplate span."""
    out = []
    for doc_id, text in corpus.text.items():
        covered = bytearray(len(text))
        for frame in (corpus.sentences, corpus.boilerplate):
            for row in frame[frame.doc_id == doc_id].itertuples():
                covered[row.start:row.end] = b"\x01" * (row.end - row.start)
        for i, ch in enumerate(text):
            if not covered[i] and not ch.isspace():
                out.append((doc_id, text[max(0, i - 20):i + 20]))
                break
    return out


@pytest.mark.parametrize("folder", [SEEDS, ROOT / "tests" / "fixtures" / "messy",
                                    ROOT / "data" / "gold" / "pages"])
def test_every_character_is_in_a_unit_or_in_boilerplate(folder):
    corpus = cs.load_corpus(folder, claims=False, concepts=False)
    assert not _uncovered(corpus)


def test_dash_lines_and_markup_are_kept_as_boilerplate():
    text = "Hallo daar.\n\n-----\n\nTot ziens.\n==========\n"
    doc = parse_text("d", text, load_rules())
    assert [s["text"] for s in doc.sentences] == ["Hallo daar.", "Tot ziens."]
    assert {b["text"] for b in doc.boilerplate} == {"-----", "=========="}


@pytest.mark.parametrize("line, reason", [
    # the interface lines of every Wikipedia page, its Dutch medical disclaimer
    ("Naar inhoud springen", "interface"), ("Uit Wikipedia, de vrije encyclopedie", "interface"),
    ("From Wikipedia, the free encyclopedia", "interface"),
    ("(Doorverwezen vanaf Klassieke homeopathie)", "interface"),
    ("Neem het voorbehoud bij medische informatie in acht.", "informational_disclaimer"),
    # navigation, a forwarded e-mail's frame, a language switch, login links
    ("« terug naar vorige pagina", "navigation"), ("--- Begin Message ---", "interface"),
    ("De taal is in het Nederlands Change the language to English", "interface"),
    ("Lid worden | Wachtwoord kwijt?", "interface"),
    # furniture as list items, several buttons on one line, a name with the date
    ("  • By Performance Lab", "byline"), ("  • 10 minute read", "reading_time"),
    ("Like this article? Share it!", "share_buttons"),
    ("Patrick Mullie Verschenen op 22/10/2020", "page_metadata"),
    ("Posted on December 4, 2017 by skeptvet", "page_metadata"),
    ("[Hansa D. Bhargava, MD](http://www.webmd.com/hansa-bhargava)", "byline"),
    ("Read more about when statins may be recommended.", "related_links"),
    # common site furniture (a probe written from no gold page)
    ("Advertisement", "advertisement"), ("- ADVERTENTIE -", "advertisement"),
    ("© 2024 Healthline Media. All rights reserved.", "legal"),
    ("Copyright © 2023 Gezondheidsnet", "legal"), ("Privacy Policy", "legal"),
    ("Algemene voorwaarden", "legal"), ("Leave a comment", "comments"),
    ("Plaats een reactie", "comments"), ("12 reacties", "comments"),
    ("Alle cookies accepteren", "cookie_banner"),
    ("Written by John Smith on March 3, 2024", "byline"),
    ("Door Jan Jansen, 3 maart 2024", "byline"),
    ("Home > Gezondheid > Vitamines", "navigation"), ("Over ons", "navigation"),
    ("Contact", "navigation"),
    # content that starts the same way stays content
    ("Copyright law does not protect a remedy's name.", None),
    ("Contact met allergenen kan eczeem verergeren.", None),
    ("About 1 in 5 adults has chronic pain.", None),
    ("Sign up for our newsletter", None),  # a call to action: promotional content (CODEBOOK)
    ("Terug naar de kern van het probleem: pijn.", None), ("Share it with your doctor.", None),
    ("- Pijn in de rug", None),
    ("Lees meer over onze effectieve behandelprogramma om uw zenuwpijn te genezen.", None),
])
def test_web_furniture_lines_are_boilerplate(line, reason):
    rule = load_rules().match_line(line)
    assert (rule.reason if rule else None) == reason


def test_a_marker_at_the_start_of_the_next_line_stays_text():
    """'werkt.\\n[3] Dat': the [3] is a marker in the text, not a list bullet."""
    from claimscope.pipeline import parse_document

    doc = parse_document("d", "Acupunctuur helpt bij rugpijn.\n[3] Dat blijkt uit onderzoek.\n",
                         load_rules())
    assert [(c["kind"], c["text"]) for c in doc.citations] == [("marker", "[3]")]
    assert not doc.boilerplate


# a reference list whose lines the entry tests miss: no author, no year, "Available at:", cut off
LIST_WITH_MISSED_ENTRIES = (
    "Monographs on the medicinal uses of plant drugs. Exeter, UK: ESCOP, 1997.\n"
    "Blumenthal M, ed. The Complete German Commission E Monographs. Trans. S. Klein. Boston, "
    "MA: American Botanical Council, 1998.\nTyler VE. Herbs of Choice. Binghamton, NY: "
    "Pharmaceutical Products Press, 1994.\nElectronic Code of Federal Regulations. Title 21. "
    "Part 182. Available at:\nWichtl MW. Herbal Drugs. Ed. N.M. Bisset. Stuttgart: Medpharm, "
    "1994.\nGraham PH, Browne L, Cox H. Inhalation aromatherapy during radiotherapy: results "
    "of a\n")


@pytest.mark.parametrize("text, units, boilerplate", [
    # a hard-wrapped sentence (HTML source indentation) continues after a comma or before a link
    ("It was presented at the annual meeting of the American Academy of Allergy,\n"
     "            Asthma and Immunology in Houston.\n", [
         "It was presented at the annual meeting of the American Academy of Allergy,\n"
         "            Asthma and Immunology in Houston."], []),
    ("Experts say the research should shift thinking about how kids develop\n"
     "     [food allergies](https://x.org/a), and change the guidance.\n",
     ["Experts say the research should shift thinking about how kids develop\n"
      "     [food allergies](https://x.org/a), and change the guidance."], []),
    # a short salutation line is not wrapped into the next
    ("Hi Ho Gang,\n   I have a response from some other inquiries.\n",
     ["Hi Ho Gang,", "I have a response from some other inquiries."], []),
    # a stored copy's "date 2021-06-13" before the first sentence is page metadata
    (" date 2021-06-13 For the HPV vaccine to be effective, people need it early.\n",
     ["For the HPV vaccine to be effective, people need it early."], ["date 2021-06-13"]),
    # a paragraph that is one reference entry (APA with <sub>, Vancouver) stays one unit
    ("<sub>Kim, H., Mitsudomi, T., and B. Cho. [Personalized therapy](http://www.ncbi.nlm.nih."
     "gov/pubmed/23489560). *Lung Cancer*. 2013. 80(3):249-55.</sub>\n\n"
     "Tyler VE. Herbs of Choice. Binghamton, NY: Pharmaceutical Products Press, 1994.\n", [
         "<sub>Kim, H., Mitsudomi, T., and B. Cho. [Personalized therapy](http://www.ncbi.nlm.nih."
         "gov/pubmed/23489560). *Lung Cancer*. 2013. 80(3):249-55.</sub>",
         "Tyler VE. Herbs of Choice. Binghamton, NY: Pharmaceutical Products Press, 1994."], []),
    ("Chiropractors, especially in America, treat too much.[6] A 2010 analysis found it.[4]\n",
     ["Chiropractors, especially in America, treat too much.[6]",
      "A 2010 analysis found it.[4]"], []),
    # a reference list's link labels after an entry are interface; the entry stays whole
    ("Buckle J. Use of aromatherapy for chronic pain. Altern Ther Health Med 1999;5:42-51. "
     "View abstract.\nHay IC, Jamieson M. Randomized trial of aromatherapy. Arch Dermatol "
     "1998;134:1349-52. [PubMed] [Google Scholar]\n",
     ["Buckle J. Use of aromatherapy for chronic pain. Altern Ther Health Med 1999;5:42-51.",
      "Hay IC, Jamieson M. Randomized trial of aromatherapy. Arch Dermatol 1998;134:1349-52."],
     ["View abstract.", "[PubMed] [Google Scholar]"]),
    # lines of a reference list the entry tests miss (no author, no year, cut off) stay whole
    (LIST_WITH_MISSED_ENTRIES, [
         "Monographs on the medicinal uses of plant drugs. Exeter, UK: ESCOP, 1997.",
         "Blumenthal M, ed. The Complete German Commission E Monographs. Trans. S. Klein. "
         "Boston, MA: American Botanical Council, 1998.",
         "Tyler VE. Herbs of Choice. Binghamton, NY: Pharmaceutical Products Press, 1994.",
         "Electronic Code of Federal Regulations. Title 21. Part 182. Available at:",
         "Wichtl MW. Herbal Drugs. Ed. N.M. Bisset. Stuttgart: Medpharm, 1994.",
         "Graham PH, Browne L, Cox H. Inhalation aromatherapy during radiotherapy: results of a"],
     []),
    # ... but prose after a blank line below the list is split as prose
    ("Tyler VE. Herbs of Choice. Binghamton, NY: Pharma Press, 1994.\n"
     "Wichtl MW. Herbal Drugs. Stuttgart: Medpharm, 1994.\n\n"
     "Let a doctor decide. Do not start on your own.\n",
     ["Tyler VE. Herbs of Choice. Binghamton, NY: Pharma Press, 1994.",
      "Wichtl MW. Herbal Drugs. Stuttgart: Medpharm, 1994.", "Let a doctor decide.",
      "Do not start on your own."], []),
])
def test_blocks_of_each_kind(text, units, boilerplate):
    doc = parse_text("d", text, load_rules())
    assert [s["text"] for s in doc.sentences] == units
    assert [b["text"] for b in doc.boilerplate] == boilerplate


def test_every_line_a_reference_list_keeps_whole_is_a_citation(tmp_path):
    (tmp_path / "p.txt").write_text(LIST_WITH_MISSED_ENTRIES + "\nLet a doctor decide. Do not "
                                    "start on your own.\n", encoding="utf-8")
    corpus = cs.load_corpus(tmp_path)
    kinds = corpus.citations.groupby("sent_id").kind.agg(set)
    # CODEBOOK: an entry names its authors; a work named by its title alone is a citation only
    ref, work = {"reference"}, {"marker"}
    assert [kinds.get(i, set()) for i in corpus.sentences.sent_id] == [
        work, ref, ref, work, ref, ref, set(), set()]
    assert corpus.documents.n_references.tolist() == [4]
    assert corpus.claims.sent_id.isin(range(6)).sum() == 0  # entries are never claims


# --- regressions found in review -----------------------------------------------------------------

def test_a_closing_quote_moves_back_to_its_sentence():
    from claimscope.parse.sentences import _shift_quotes

    text = 'He said terminology." --Ben Goldacre'
    stop = text.index(".") + 1
    spans = _shift_quotes(text, [(0, stop), (stop, len(text))])
    assert [text[s:e] for s, e in spans] == ['He said terminology."', "--Ben Goldacre"]


def test_prose_opening_with_a_capital_and_a_letter_is_not_a_reference(tmp_path):
    (tmp_path / "p.txt").write_text(
        "Vitamine D, calcium en magnesium genezen kanker. Volgens de Gezondheidsraad (2012) heeft "
        "een volwassene per dag 10 microgram nodig; voor ouderen is dat 20.\n", encoding="utf-8")
    corpus = cs.load_corpus(tmp_path)
    assert "reference" not in set(corpus.citations.kind)
    assert len(corpus.sentences) == 2 and len(corpus.claims) >= 1


def test_a_bracket_numbered_reference_list_after_a_sentence_stays_a_list(tmp_path):
    (tmp_path / "p.txt").write_text(
        "Acupunctuur wordt veel gebruikt. Dat blijkt uit onderzoek van veel groepen.\n"
        "[1] Smith, J. (2010). Acupuncture for back pain. BMJ, 340, 1-5.\n"
        "[2] Jones, K. (2012). Needles and pain. Pain, 153, 10-20.\n", encoding="utf-8")
    corpus = cs.load_corpus(tmp_path)
    assert corpus.sentences.unit.tolist()[-2:] == ["list_item", "list_item"]
    refs = corpus.citations[corpus.citations.kind == "reference"]
    assert refs.year.tolist() == [2010, 2012]
