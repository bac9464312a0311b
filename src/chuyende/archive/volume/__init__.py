"""The bound volume (quyển tham luận): choosing parts, compiling PDF and DOCX."""
