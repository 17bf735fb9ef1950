"""Static analysis of the shell text of a Dockerfile ``RUN`` instruction (shell form).

The text is what BuildKit hands to ``/bin/sh -c``: line continuations of the Dockerfile are
already joined, so it is usually one line.  It is parsed with tree-sitter-bash and summarised
into frozen, hashable facts (commands, the top-level ``&&`` chain, state leaks,
package-manager calls, paths touched...) that rules query without re-parsing.

Modules, in the order the analysis runs: ``tree`` (parsing), ``words``, ``commands``,
``leaks`` (the walk and the chain), ``packages``, ``paths``, ``tokens``, then ``script``
(``analyze``, ``file_scope``, ``same_words``); ``facts`` holds the records.  Import each name
from the module that owns it.  Names with a leading underscore are private to this package.
"""
