from .anchor import CommentAnchor
from .comment import Comment
from .consultation import Consultation
from .draft import Block, Draft, DraftVersion
from .handling import Disposition
from .synthesis import CommentGroup, ShardMembers, SynthesisRun

__all__ = [
    "Block", "Comment", "CommentAnchor", "CommentGroup", "Consultation", "Disposition", "Draft", "DraftVersion",
    "ShardMembers", "SynthesisRun",
]  # fmt: skip
