"""Courts: jurisdictions, their holiday calendars, and counting days with a worksheet."""
