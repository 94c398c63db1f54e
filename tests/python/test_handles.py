"""handles.py and connection.py: one client's table of objects, its failures and its JS functions."""
import gc

import pytest

from tsreticulate.conversion import DependencyFailed
from tsreticulate.errors import Failure
from tsreticulate.handles import HandleTable, UnknownHandle


def test_client_ids_are_its_own_server_ids_are_negative():
    table = HandleTable()
    table.put(1, "one")
    assert table.new_server_ref("a") == -1
    assert table.new_server_ref("b") == -2
    assert [table.get(1), table.get(-1), table.get(-2), len(table)] == ["one", "a", "b", 3]


def test_an_unknown_handle_says_why_it_may_be_unknown():
    with pytest.raises(UnknownHandle, match="handle 7 is unknown to this connection"):
        HandleTable().get(7)
    with pytest.raises(UnknownHandle):
        HandleTable().get([1])  # unhashable: a broken client


def test_release_forgets_and_ignores_what_it_cannot_release():
    table = HandleTable()
    table.put(1, "one")
    table.put(2, "two")
    table.release([1, 99, [3]])
    assert len(table) == 1
    with pytest.raises(UnknownHandle):
        table.get(1)


def test_failures_are_counted_and_raise_where_they_are_used(connection):
    connection.handles.put(1, Failure(1, {"type": "KeyError", "message": "'k'"}))
    connection.handles.put(2, "fine")
    assert connection.handles.failures() == 1
    with pytest.raises(DependencyFailed):
        connection.lookup(1)
    assert connection.lookup(2) == "fine"


def test_a_js_function_python_no_longer_holds_is_reported_once(connection):
    first = connection.js_function(4, 0)
    second = connection.js_function(4, 0)
    del first
    gc.collect()
    assert connection.released_callbacks == []
    del second
    gc.collect()
    assert connection.released_callbacks == [4]


def test_only_a_few_exceptions_are_remembered(connection):
    from tsreticulate.connection import MAX_REMEMBERED_EXCEPTIONS

    for origin in range(MAX_REMEMBERED_EXCEPTIONS + 3):
        connection.remember_exception(origin, ValueError(origin))
    assert list(connection.exceptions) == list(range(3, MAX_REMEMBERED_EXCEPTIONS + 3))
