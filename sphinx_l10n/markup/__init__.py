"""Reading a message as its source's markup language: reST (rst), MyST Markdown (myst), and what Sphinx
does with a translation (verdict). The checks and the build both read messages through these."""
