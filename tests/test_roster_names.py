"""Full names split into first and last as the people themselves would: particles and
compound surnames, two Spanish surnames, Mac/Mc as written; a single word is refused."""

from __future__ import annotations

import pytest

from mentordesk.models import Role
from mentordesk.roster import values
from mentordesk.roster.formats import ImportRefused
from mentordesk.roster.importer import import_roster
from mentordesk.roster.source import read_source
from tests.roster_sheets import write_xlsx

NAMES = {
    "Ann Smith": ("Ann", "Smith"),
    "Ann Marie Smith": ("Ann Marie", "Smith"),
    "John E Smith": ("John E", "Smith"),
    "John E. Smith": ("John E.", "Smith"),
    "Smith, Ann": ("Ann", "Smith"),
    "van der Berg, Ana": ("Ana", "van der Berg"),
    "Ana van der Berg": ("Ana", "van der Berg"),
    "Jan van den Broek": ("Jan", "van den Broek"),
    "Pieter van Dijk": ("Pieter", "van Dijk"),
    "Ludwig van Beethoven": ("Ludwig", "van Beethoven"),
    "Anna von Trapp": ("Anna", "von Trapp"),
    "Karl von der Heide": ("Karl", "von der Heide"),
    "Juan de la Cruz": ("Juan", "de la Cruz"),
    "María de los Ángeles Soto": ("María de los Ángeles", "Soto"),
    "Ana del Río": ("Ana", "del Río"),
    "Ana Del Rey": ("Ana", "Del Rey"),
    "Leonardo da Vinci": ("Leonardo", "da Vinci"),
    "Luca di Marco": ("Luca", "di Marco"),
    "Paola della Rovere": ("Paola", "della Rovere"),
    "João dos Santos": ("João", "dos Santos"),
    "Maria das Dores": ("Maria", "das Dores"),
    "Pierre du Pont": ("Pierre", "du Pont"),
    "Jean de Gaulle": ("Jean", "de Gaulle"),
    "Robert De Niro": ("Robert", "De Niro"),
    "Marie Le Pen": ("Marie", "Le Pen"),
    "Ahmad bin Ismail": ("Ahmad", "bin Ismail"),
    "Siti binti Abdullah": ("Siti", "binti Abdullah"),
    "Omar ibn Khaldun": ("Omar", "ibn Khaldun"),
    "Khalid al-Rashid": ("Khalid", "al-Rashid"),
    "Khalid al Rashid": ("Khalid", "al Rashid"),
    "Amr El Sayed": ("Amr", "El Sayed"),
    "Seán Ó Briain": ("Seán", "Ó Briain"),
    "Aoife Ní Dhomhnaill": ("Aoife", "Ní Dhomhnaill"),
    "Máire Nic Giolla": ("Máire", "Nic Giolla"),
    "Liam O'Brien": ("Liam", "O'Brien"),
    "Ian MacDonald": ("Ian", "MacDonald"),
    "Ian Macdonald": ("Ian", "Macdonald"),
    "Mary McCarthy": ("Mary", "McCarthy"),
    "Mary Mc Carthy": ("Mary", "Mc Carthy"),
    "Ewan Mac Donald": ("Ewan", "Mac Donald"),
    "María José García López": ("María José", "García López"),
    "Gabriel García Márquez": ("Gabriel", "García Márquez"),
    "Juan Carlos Pérez Gómez": ("Juan Carlos", "Pérez Gómez"),
    "Lucía Fernández Ruiz": ("Lucía", "Fernández Ruiz"),
    "José Martínez y López": ("José", "Martínez y López"),
    "Ana Rodríguez de la Fuente": ("Ana", "Rodríguez de la Fuente"),
    "Carmen Sánchez": ("Carmen", "Sánchez"),
    "Luis Hernández Soto": ("Luis", "Hernández Soto"),
    "Pedro Gonzalez Diaz": ("Pedro", "Gonzalez Diaz"),
    "Ana Silva Costa": ("Ana", "Silva Costa"),
    "Mary-Jane Watson": ("Mary-Jane", "Watson"),
    "Anne-Marie Dubois-Martin": ("Anne-Marie", "Dubois-Martin"),
    "Zoë Müller": ("Zoë", "Müller"),
    "Nguyễn Văn An": ("Nguyễn Văn", "An"),
    "Chloé St. Clair": ("Chloé", "St. Clair"),
    "Tom St John": ("Tom", "St John"),
    "Hans ter Horst": ("Hans", "ter Horst"),
    "Anja ten Berge": ("Anja", "ten Berge"),
    "  Ann   Smith  ": ("Ann", "Smith"),
    "Ann\u00a0Smith": ("Ann", "Smith"),
    "Dafydd ap Gwilym": ("Dafydd", "ap Gwilym"),
    "Yusuf Abu Bakr": ("Yusuf", "Abu Bakr"),
}


def test_the_table_is_large_enough():
    assert len(NAMES) >= 60


@pytest.mark.parametrize(("full", "expected"), sorted(NAMES.items()))
def test_full_name_splits(full: str, expected: tuple[str, str]):
    assert values.split_full_name(full) == expected


def test_a_single_word_name_is_refused_with_the_reason(db, tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", [["Name"], ["Cher"]])
    with pytest.raises(ImportRefused, match="'Cher' is only one name"):
        import_roster(db, read_source(path), role=Role.MENTEE)


def test_control_characters_are_removed_and_reported(db, tmp_path):
    # openpyxl will not write them, but a CSV from a web form can hold them.
    path = tmp_path / "r.csv"
    path.write_text("First name,Last name,Shoe size\nAn\x1bn,Sm\x01ith,4\x07\n")
    result = import_roster(db, read_source(path), role=Role.MENTEE)
    assert result.created == 1
    reported = [(w.row, w.column) for w in result.warnings if "control characters" in w.message]
    assert reported == [(2, "First name"), (2, "Last name"), (2, "Shoe size")]
    from sqlalchemy import select

    from mentordesk.models import Participant

    with db.reading() as session:
        person = session.scalars(select(Participant)).one()
        assert (person.first_name, person.last_name, person.extra) == (
            "Ann",
            "Smith",
            {"Shoe size": "4"},
        )
