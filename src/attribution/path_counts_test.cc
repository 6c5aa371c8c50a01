// placeholder: filled by this session
