"""Map building with Folium: imports neither Flask nor the database."""
