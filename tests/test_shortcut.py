"""The style-removal transform of the shortcut stage."""

import pandas as pd

from pipeline.shortcut import without_written_style


def test_style_removal_shortens_agents_adds_real_chat_noise_and_keeps_labels():
    turns = pd.DataFrame({
        "session_id": ["w1"] * 3, "turn_index": [0, 1, 2], "role": ["customer", "agent", "customer"],
        "text": ["快递三天还没到！", "亲亲非常抱歉给您带来不便，这边已经为您催促站点尽快配送，请您耐心等待哦", "好吧。"],
        "source": "synthetic", "emotion": ["dissatisfied", None, "calm"],
    })
    out = without_written_style(turns)
    assert out["turn_index"].tolist() == [0, 1, 2, 3]
    assert out["role"].tolist() == ["customer", "customer", "agent", "customer"]
    assert out["text"].tolist() == ["快递三天还没到", "[IMAGE]", "亲亲非常抱歉给您带来不便,[EMOJI]", "好吧"]
    # The added picture turn is not scored: an easy extra turn would lift turn emotion by itself.
    assert out["emotion"].fillna("-").tolist() == ["dissatisfied", "-", "-", "calm"]
