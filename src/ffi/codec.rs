//! C surface of the endpoint codec (filled in with the codec).
