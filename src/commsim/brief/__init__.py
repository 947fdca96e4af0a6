"""A one-page brief for officials: the decision, its effects and costs, where to start.

``commsim brief DIR --lang zh -o 简报.pdf`` (or ``.docx``, ``.html``): the content is
gathered once (:mod:`commsim.brief.content`) and laid out as an A4 page printed by
headless Chromium (:mod:`commsim.brief.page`, :mod:`commsim.brief.pdf`) or as a Word
document (:mod:`commsim.brief.word_doc`).
"""
