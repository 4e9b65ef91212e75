"""ORM models: `model` here is a vehicle's model, not a language model."""

from sqlalchemy import Column, Integer, String
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class Vehicle(Base):
    __tablename__ = "vehicles"
    id = Column(Integer, primary_key=True)
    make = Column(String, default="Volvo")
    model = Column(String, default="XC60")


def register(session, make: str, model: str = "XC40") -> Vehicle:
    vehicle = Vehicle(make=make, model=model)
    session.add(vehicle)
    return vehicle
