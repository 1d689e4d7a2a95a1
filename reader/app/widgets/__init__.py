"""The app's own widgets: they render what the screen gives them and post messages back."""
