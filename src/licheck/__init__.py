"""licheck: does the license of an open-weight AI model allow what you are about to do with it?"""

__version__ = "0.2.0"
